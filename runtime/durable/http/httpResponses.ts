// Response helpers in the extension's style: JSON bodies as application/json; charset=utf-8, argument errors as
// 400 with the ArgumentException envelope. Pure builders.
import type { RuntimeHttpResponse } from '../../contracts';

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): RuntimeHttpResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): RuntimeHttpResponse {
  return { status, headers, body: '' };
}

export function badRequest(message: string): RuntimeHttpResponse {
  return jsonResponse(400, {
    Message: 'One or more of the arguments submitted is incorrect',
    ExceptionMessage: message,
    ExceptionType: 'System.ArgumentException',
    StackTrace: null,
  });
}

export function serverError(message: string, exceptionType = 'System.InvalidOperationException'): RuntimeHttpResponse {
  return jsonResponse(500, {
    Message: 'Something went wrong while processing your request',
    ExceptionMessage: message,
    ExceptionType: exceptionType,
    StackTrace: null,
  });
}

export function notImplemented(message: string): RuntimeHttpResponse {
  return jsonResponse(501, { Message: message });
}
