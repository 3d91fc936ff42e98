import * as fs from "fs";
import * as path from "path";

import { parse } from "yaml";

/** The workflows `rewst-csp init` writes: what runs code from a pull request never holds a secret it does not need. */
const DIR = path.resolve(__dirname, "../examples/project/.github/workflows");
const workflows = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".yml"))
  .map((file) => ({ file, doc: parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow }));

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  environment?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const SECRET = /\$\{\{\s*secrets\./;
const mentionsSecret = (env: Record<string, string> | undefined) =>
  Object.values(env ?? {}).some((v) => SECRET.test(String(v)));

describe("shipped workflows", () => {
  test("there are the three workflows to copy", () => {
    expect(workflows.map((w) => w.file).sort()).toEqual([
      "apply.yml",
      "drift-check.yml",
      "scheduled-drift.yml",
    ]);
  });

  test("the scheduled check runs by itself with the read-only set, and only its issue job may write issues", () => {
    const scheduled = workflows.find((w) => w.file === "scheduled-drift.yml")!.doc;
    expect(Object.keys(scheduled.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect((scheduled.on.schedule as { cron: string }[])[0].cron).toMatch(/^[\d*]+ [\d*]+ \* \* \*$/);
    const secrets = JSON.stringify(scheduled.jobs);
    expect(secrets).not.toMatch(/secrets\.(PARTNER_APP_SECRET|PARTNER_REFRESH_TOKEN|REWST_API_TOKEN)\b/);
    expect(scheduled.jobs.drift.environment).toBe("drift-check");
    const writers = Object.entries(scheduled.jobs).filter(([, job]) => job.permissions?.issues === "write");
    expect(writers.map(([name]) => name)).toEqual(["issue"]);
    // The issue job runs no project code and holds no secret beyond the workflow's own token.
    const issue = scheduled.jobs.issue;
    expect(issue.steps.some((s) => s.run && /npm|npx|pulumi/.test(s.run))).toBe(false);
    expect(JSON.stringify(issue)).not.toMatch(/secrets\./);
    expect(JSON.stringify(scheduled.jobs.drift.steps)).toMatch(/--drift-only[\s\S]*--csv report\.csv/);
    // A manual run from another branch would run that branch's code with the credentials: the
    // first job runs only on the default branch, and every other job needs it.
    expect(scheduled.jobs.shards.if).toBe(
      "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)",
    );
    for (const [name, job] of Object.entries(scheduled.jobs))
      if (name !== "shards") expect(JSON.stringify(job.needs ?? "")).toMatch(/shards|drift/);
  });

  test("the pull-request and scheduled checks read state with the read-only Pulumi token", () => {
    for (const file of ["drift-check.yml", "scheduled-drift.yml"]) {
      const doc = workflows.find((w) => w.file === file)!.doc;
      const tokens = Object.values(doc.jobs).flatMap((job) =>
        job.steps.flatMap((s) => (s.env?.PULUMI_ACCESS_TOKEN ? [s.env.PULUMI_ACCESS_TOKEN] : [])),
      );
      expect({ file, tokens }).toEqual({ file, tokens: ["${{ secrets.READONLY_PULUMI_ACCESS_TOKEN }}"] });
    }
    const apply = workflows.find((w) => w.file === "apply.yml")!.doc;
    expect(JSON.stringify(apply.jobs)).not.toMatch(/READONLY_PULUMI_ACCESS_TOKEN/);
  });

  test.each(workflows)(
    "$file: no secret at workflow or job level, only on steps that run a command",
    ({ doc }) => {
      expect(mentionsSecret(doc.env)).toBe(false);
      for (const job of Object.values(doc.jobs)) {
        expect(mentionsSecret(job.env)).toBe(false);
        for (const step of job.steps) {
          if (mentionsSecret(step.env) || SECRET.test(JSON.stringify(step.with ?? {})))
            expect(step.uses).toBeUndefined();
          // Installs never run lifecycle scripts, and never in a step holding a secret.
          if (step.run && /npm ci/.test(step.run)) {
            expect(step.run.match(/npm ci(?! --ignore-scripts)/g)).toBeNull();
            expect(mentionsSecret(step.env)).toBe(false);
          }
        }
      }
    },
  );

  test.each(workflows)("$file: every action is pinned by commit", ({ doc }) => {
    const uses = Object.values(doc.jobs).flatMap((job) => job.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w.-]+)*@[0-9a-f]{40}$/);
  });

  test("the pull-request check reads with the read-only credential set, and its PR-code job cannot write", () => {
    const drift = workflows.find((w) => w.file === "drift-check.yml")!.doc;
    expect(Object.keys(drift.on)).toEqual(["pull_request"]);
    for (const job of Object.values(drift.jobs)) {
      const runsPrCode = job.steps.some((s) => s.run && /npm|npx|pulumi/.test(s.run));
      if (runsPrCode) {
        expect(job.permissions?.["pull-requests"]).toBeUndefined();
        expect(job.permissions?.["security-events"]).toBeUndefined();
        const secrets = job.steps.flatMap((s) => Object.values(s.env ?? {})).join(" ");
        // A PR-code job sees no secret at all (the shard listing), or only the read-only set.
        if (job.environment === undefined) {
          expect(JSON.stringify(job)).not.toMatch(/secrets\./);
          continue;
        }
        expect(job.environment).toBe("drift-check");
        expect(secrets).not.toMatch(/secrets\.(PARTNER_APP_SECRET|PARTNER_REFRESH_TOKEN|REWST_API_TOKEN)\b/);
        expect(secrets).toMatch(/secrets\.READONLY_PARTNER_REFRESH_TOKEN/);
      }
    }
    // The SARIF findings are written by the PR-code job and uploaded by the one that runs none.
    expect(drift.jobs.drift.steps.find((s) => s.id === "report")?.run).toContain("--sarif report.sarif");
    expect(
      drift.jobs.comment.steps.some((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@")),
    ).toBe(true);
    expect(drift.jobs.comment.permissions?.["security-events"]).toBe("write");
    const apply = workflows.find((w) => w.file === "apply.yml")!.doc;
    // Only the apply job (one per shard) holds the production credentials; listing the shards needs none.
    expect(Object.values(apply.jobs).map((j) => j.environment)).toEqual([undefined, "production"]);
    expect(JSON.stringify(apply.jobs.shards)).not.toMatch(/secrets\./);
  });
});
