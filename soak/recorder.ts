// Every HTTP answer the soak received (from the app and from the simulator), kept for the secrets scan: the scan must
// cover every response body of the whole soak, not a sample. Memory only; a label says where each answer came from.

export interface RecordedAnswer {
  label: string;
  text: string;
}

export class Recorder {
  readonly answers: RecordedAnswer[] = [];

  record(label: string, text: string): void {
    this.answers.push({ label, text });
  }

  get count(): number {
    return this.answers.length;
  }
}
