// `npm run start:cluster`: N Lectern processes sharing a Redis (cli/cluster.ts).
import { runCluster } from '../cli/cluster.ts';

await runCluster(process.argv.slice(2), process.env);
