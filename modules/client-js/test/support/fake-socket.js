// Test support: a scripted in-memory WebSocket. The client under test opens it like a browser's; the test plays the
// server (accept, deliver, serverClose) and reads what the client sent.
export class FakeSocket {
  static instances = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.instances.push(this);
  }
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = '') {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.closedWith = { code, reason };
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }
  // Server side of the script:
  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(message) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  serverClose(code, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}
