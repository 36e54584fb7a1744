import { incidentScenario } from '/work/wt-logs/src/local/simulator';
import { runScenario } from '/work/wt-logs/src/cli/bench/scenarios/run';
const [kind, seed, variant] = process.argv.slice(2);
const b = incidentScenario(kind as any, Number(seed), variant ? { variant } : {});
console.log(b.name, JSON.stringify(b.labels.map((l) => [l.resourceId, l.causeLog, new Date(l.start).toISOString(), new Date(l.end).toISOString()])));
const g = b.logs.find((x) => x.logGroup === '/aws/lambda/' + b.labels[0]!.resourceId);
console.log('cause lines', g?.lines.filter(([, m]) => m.includes('TypeError')).length);
const o = await runScenario(b);
for (const i of o.insights) console.log(' ', i.type, i.name, new Date(i.start).toISOString(), i.end ? new Date(i.end).toISOString() : '-', new Date(i.createdAt).toISOString(), JSON.stringify(i.logAnomalies?.slice(0, 3).map((l) => [l.logGroup, l.kind, l.template.slice(0, 70)])));
