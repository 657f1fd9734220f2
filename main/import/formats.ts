// Registers the importers for non-study-folder formats. Each lives in its own file under formats/.
// Detection (`--format auto`) tries them in this order, after the study folder; 'mapped' is chosen
// only when a column mapping is given (or named with --format mapped).
import { registerImporter } from './registry.js';
import { lendAnEarImporter } from './formats/lend-an-ear.js';
import { esconvImporter } from './formats/esconv.js';
import { epitomeImporter } from './formats/epitome.js';
import { mappedImporter } from './formats/mapped.js';

registerImporter(lendAnEarImporter);
registerImporter(esconvImporter);
registerImporter(epitomeImporter);
registerImporter(mappedImporter);
