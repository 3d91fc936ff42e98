import * as https from "https";
import * as tls from "tls";

/** TLS options that trust the system roots plus an extra CA (the emulator's, or a TLS-inspecting proxy's). */
export const trustOptions = (ca: string | undefined): { ca?: string[] } =>
  ca ? { ca: [...tls.rootCertificates, ca] } : {};

/** A keep-alive https agent with {@link trustOptions}; no process-wide TLS setting is touched. */
export const trustingAgent = (ca: string | undefined): https.Agent =>
  new https.Agent({ keepAlive: true, ...trustOptions(ca) });
