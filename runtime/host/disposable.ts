// The worker's Disposable (VS Code style), handed to the app as `coreApi.Disposable` and returned by registrations.
// It runs its callback at most once.

export class Disposable {
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const disposable of disposables) disposable.dispose();
    });
  }

  #onDispose: (() => unknown) | undefined;

  constructor(onDispose: () => unknown) {
    this.#onDispose = onDispose;
  }

  dispose(): unknown {
    const onDispose = this.#onDispose;
    this.#onDispose = undefined;
    return onDispose?.();
  }
}
