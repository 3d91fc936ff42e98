import * as https from "https";

/** POSTs JSON to a running emulator's control API over HTTPS (its CA), resolving with the status. */
export function postToEmulator(url: string, ca: string, value: unknown): Promise<number> {
  const body = JSON.stringify(value);
  return new Promise<number>((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: "POST",
        ca,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
