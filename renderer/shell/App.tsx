import { ApiProvider } from '../api/ApiContext.js';
import type { WorkbenchClient } from '../api/client.js';
import { JobsProvider } from '../jobs/JobsContext.js';
import { StudyProvider } from '../study/StudyContext.js';
import { Shell } from './Shell.js';

export function App({ client }: { client: WorkbenchClient }) {
  return (
    <ApiProvider client={client}>
      <StudyProvider>
        <JobsProvider>
          <Shell />
        </JobsProvider>
      </StudyProvider>
    </ApiProvider>
  );
}
