// The architecture, checked in CI (`npm run check:structure`): no import cycle, and every import
// points down the data flow. A folder may import only folders on lower floors (or its own floor's
// siblings where named); the floors read as the data flow of DESIGN.md, config at the bottom,
// the CLI at the top.
const FLOORS = [
  ["config", "text", "stats"],
  ["project"],
  ["model"],
  ["training", "retrieval", "runlog"],
  ["sim", "scoring", "strategies"],
  ["endpoints"],
  ["run", "analysis"],
  ["finetune", "report"],
  ["commands", "index.ts"],
  ["cli.ts"],
];

const folder = (name) => (name.endsWith(".ts") ? `^src/${name.replace(".", "\\.")}$` : `^src/${name}/`);
const above = (floor) => FLOORS.slice(floor + 1).flat();
// Same floor, different folder: none may import another (e.g. run never imports analysis).
const beside = (floor, name) => FLOORS[floor].filter((other) => other !== name);

const upward = FLOORS.flatMap((names, floor) =>
  names.map((name) => ({
    name: `${name}-imports-down-only`,
    comment: `src/${name} sits on floor ${floor}: it may import only lower floors`,
    severity: "error",
    from: { path: folder(name) },
    to: { path: [...above(floor), ...beside(floor, name)].map(folder) },
  })),
);

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "an import cycle ties modules that should be layered",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...upward.filter((rule) => rule.to.path.length > 0),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
    exclude: { path: "\\.d\\.ts$" },
  },
};
