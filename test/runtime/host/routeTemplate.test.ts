// Route templates as the Functions host (ASP.NET routing) reads them: parameters, optional parts, defaults,
// constraints, catch-alls, complex segments, precedence, and templates it must refuse.
import { compareRoutePrecedence, matchRoute, parseRouteTemplate } from '../../../runtime/host/routeTemplate';
import { RouteTemplateError } from '../../../runtime/host/errors';

const match = (template: string, path: string): Record<string, string> | undefined =>
  matchRoute(parseRouteTemplate(template), path === '' ? [] : path.split('/'));

describe('route templates', () => {
  it('matches literals case-insensitively and captures parameters', () => {
    expect(match('orders/{id}/lines/{line}', 'ORDERS/17/Lines/3')).toEqual({ id: '17', line: '3' });
    expect(match('orders/{id}', 'orders')).toBeUndefined();
    expect(match('orders/{id}', 'orders/1/extra')).toBeUndefined();
    expect(match('/orders/', 'orders')).toEqual({});
  });

  it('leaves out a missing optional parameter and fills a default', () => {
    expect(match('hello/{name?}', 'hello')).toEqual({});
    expect(match('hello/{name?}', 'hello/ada')).toEqual({ name: 'ada' });
    expect(match('page/{n=1}', 'page')).toEqual({ n: '1' });
    expect(match('page/{n=1}', 'page/4')).toEqual({ n: '4' });
  });

  it('checks constraints, including chained ones with arguments', () => {
    expect(match('items/{id:int}', 'items/42')).toEqual({ id: '42' });
    expect(match('items/{id:int}', 'items/4.2')).toBeUndefined();
    expect(match('items/{id:int}', 'items/99999999999')).toBeUndefined();
    expect(match('items/{id:long}', 'items/99999999999')).toEqual({ id: '99999999999' });
    expect(match('u/{name:alpha:minlength(2):maxlength(4)}', 'u/abc')).toEqual({ name: 'abc' });
    expect(match('u/{name:alpha:minlength(2):maxlength(4)}', 'u/a')).toBeUndefined();
    expect(match('u/{name:alpha:minlength(2):maxlength(4)}', 'u/ab1')).toBeUndefined();
    expect(match('n/{n:range(1,10)}', 'n/10')).toEqual({ n: '10' });
    expect(match('n/{n:range(1,10)}', 'n/11')).toBeUndefined();
    expect(match('g/{id:guid}', 'g/3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBeDefined();
    expect(match('g/{id:guid}', 'g/not-a-guid')).toBeUndefined();
    expect(match('b/{flag:bool}', 'b/True')).toEqual({ flag: 'True' });
    expect(match('c/{code:regex(^[a-z]{{2}}\\d$)}', 'c/ab1')).toEqual({ code: 'ab1' });
    expect(match('c/{code:regex(^[a-z]{{2}}\\d$)}', 'c/abc1')).toBeUndefined();
  });

  it('captures the rest of the path in a catch-all parameter', () => {
    expect(match('files/{*path}', 'files/a/b/c.txt')).toEqual({ path: 'a/b/c.txt' });
    expect(match('files/{*path}', 'files')).toEqual({});
    expect(match('files/{**path}', 'files/x')).toEqual({ path: 'x' });
  });

  it('matches complex segments right to left, as ASP.NET does', () => {
    expect(match('docs/{name}.{ext}', 'docs/report.final.pdf')).toEqual({ name: 'report.final', ext: 'pdf' });
    expect(match('docs/{name}.{ext}', 'docs/report')).toBeUndefined();
  });

  it('orders literal segments before constrained, plain and catch-all parameters', () => {
    const routes = ['{*all}', 'items/{id}', 'items/{id:int}', 'items/new', 'items/{id}.{format}'].map(
      parseRouteTemplate,
    );
    const sorted = [...routes].sort(compareRoutePrecedence).map((route) => route.template);
    expect(sorted).toEqual(['items/new', 'items/{id}.{format}', 'items/{id:int}', 'items/{id}', '{*all}']);
  });

  it.each([
    ['items/{id:nosuch}', 'unknown constraint'],
    ['items/{id', "unmatched '{'"],
    ['items/id}', "unmatched '}'"],
    ['{a}{b}', 'separated by a literal'],
    ['{*rest}/more', 'catch-all'],
    ['{a?}/b', 'last segment'],
    ['{a}/{A}', 'appears twice'],
    ['a//b', 'empty segment'],
    ['n/{n:range(1)}', 'takes 2 arguments'],
  ])('refuses %s (%s)', (template, reason) => {
    expect(() => parseRouteTemplate(template)).toThrow(RouteTemplateError);
    expect(() => parseRouteTemplate(template)).toThrow(reason);
  });
});
