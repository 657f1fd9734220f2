// Registers the importers for non-study-folder formats. Each lives in its own file.
export {};
