// General skills for the "canary" suites: small, unrelated tasks a base model can do without being
// shown anything. Each is recognised by a regex and answered with the bare value.

const CAPITALS = new Map(
  (
    "france:Paris germany:Berlin italy:Rome spain:Madrid portugal:Lisbon japan:Tokyo china:Beijing " +
    "south_korea:Seoul india:New_Delhi canada:Ottawa united_states:Washington,_D.C. mexico:Mexico_City " +
    "brazil:Brasília argentina:Buenos_Aires australia:Canberra egypt:Cairo kenya:Nairobi russia:Moscow " +
    "united_kingdom:London norway:Oslo sweden:Stockholm netherlands:Amsterdam"
  )
    .split(" ")
    .map((pair) => pair.replace(/_/g, " ").split(":") as [string, string]),
);

const OPPOSITE_PAIRS =
  "hot:cold big:small tall:short fast:slow happy:sad light:dark old:young hard:soft open:closed early:late rich:poor full:empty strong:weak wet:dry loud:quiet heavy:light clean:dirty cheap:expensive true:false high:low";
const OPPOSITES = new Map<string, string>();
for (const pair of OPPOSITE_PAIRS.split(" ")) {
  const [a = "", b = ""] = pair.split(":");
  OPPOSITES.set(a, b);
  // A word in two pairs keeps its first partner ("light" -> "dark", not "heavy").
  if (!OPPOSITES.has(b)) OPPOSITES.set(b, a);
}

const ONES =
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(
    " ",
  );
const TENS = "  twenty thirty forty fifty sixty seventy eighty ninety".split(" ");

function numberToWords(n: number): string {
  if (n < 0) return `minus ${numberToWords(-n)}`;
  if (n < 20) return ONES[n] ?? "";
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? `-${ONES[n % 10]}` : ""}`;
  if (n < 1000) return `${ONES[Math.floor(n / 100)]} hundred${n % 100 ? ` ${numberToWords(n % 100)}` : ""}`;
  for (const [size, name] of [
    [1e9, "billion"],
    [1e6, "million"],
    [1e3, "thousand"],
  ] as const) {
    if (n >= size) {
      const rest = n % size;
      return `${numberToWords(Math.floor(n / size))} ${name}${rest ? ` ${numberToWords(rest)}` : ""}`;
    }
  }
  return String(n);
}

/** + - * / and parentheses, by recursive descent; null when the text is not such an expression. */
export function evaluate(expression: string): number | null {
  const tokens = expression.match(/\d+(?:\.\d+)?|[-+*/()]/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const primary = (): number => {
    const token = tokens[at++];
    if (token === "(") {
      const value = sum();
      if (tokens[at++] !== ")") throw new Error("unbalanced");
      return value;
    }
    if (token === "-") return -primary();
    if (token === undefined || !/^\d/.test(token)) throw new Error("expected a number");
    return Number(token);
  };
  const product = (): number => {
    let value = primary();
    while (peek() === "*" || peek() === "/")
      value = tokens[at++] === "*" ? value * primary() : value / primary();
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === "+" || peek() === "-")
      value = tokens[at++] === "+" ? value + product() : value - product();
    return value;
  };
  try {
    const value = sum();
    return at === tokens.length && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

/** The first quoted span ("..", '..', “..”), else the text after a colon. */
function quoted(text: string): string | undefined {
  const m = text.match(/"([^"]+)"|“([^”]+)”|'([^']+)'|:\s*(.+)$/);
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? m?.[4])?.trim().replace(/[.?!]$/, "");
}

type Skill = (question: string) => string | null;

const SKILLS: readonly Skill[] = [
  function countWords(q) {
    if (!/\b(?:count|how many)\b.*\bwords?\b/i.test(q)) return null;
    const text = quoted(q);
    return text ? String(text.split(/\s+/).filter(Boolean).length) : null;
  },
  function reverse(q) {
    if (!/\brevers|\bbackwards?\b/i.test(q)) return null;
    const text = quoted(q) ?? q.match(/\breverse (?:the )?(?:word |string )?([\p{L}\p{N}]+)/iu)?.[1];
    return text ? [...text].reverse().join("") : null;
  },
  function uppercase(q) {
    if (!/\bupper ?case\b|\bcapital letters\b|\ball caps\b/i.test(q)) return null;
    const text = quoted(q) ?? q.match(/\bupper ?case\s+(?:the (?:phrase|text|word)\s+)?(.+?)[.?!]?$/i)?.[1];
    return text ? text.toUpperCase() : null;
  },
  function capital(q) {
    const country = q
      .match(/\bcapital(?: city)? of (?:the )?([\p{L} ]+?)\s*[?.!]?\s*$/iu)?.[1]
      ?.toLowerCase();
    return country ? (CAPITALS.get(country) ?? null) : null;
  },
  function opposite(q) {
    const word = q.match(/\b(?:opposite|antonym) of (?:the word )?["'“]?([a-z]+)/i)?.[1]?.toLowerCase();
    return word ? (OPPOSITES.get(word) ?? null) : null;
  },
  function spellNumber(q) {
    const m =
      q.match(/\b(?:spell|write)(?: out)?(?: the number)? (-?\d[\d,]*)/i) ??
      q.match(/(-?\d[\d,]*) in words/i);
    const n = m?.[1] ? Number(m[1].replace(/,/g, "")) : Number.NaN;
    return Number.isSafeInteger(n) && Math.abs(n) < 1e12 ? numberToWords(n) : null;
  },
  function arithmetic(q) {
    const normalised = q
      .toLowerCase()
      .replace(/multiplied by|times|×/g, "*")
      .replace(/divided by|÷/g, "/")
      .replace(/\bplus\b/g, "+")
      .replace(/\bminus\b/g, "-")
      .replace(/([\d)])\s*x\s*(?=[\d(])/g, "$1*");
    if (!/\b(?:what is|what's|compute|calculate|evaluate|how much is|solve)\b|=\s*\?/.test(normalised))
      return null;
    const expression = normalised
      .match(/[-(]*\d[\d.\s()+\-*/]*\d\)*|\d+/g)
      ?.find((e) => /\d\s*\)*\s*[-+*/]/.test(e));
    const value = expression ? evaluate(expression) : null;
    return value === null ? null : formatNumber(value);
  },
];

/** The answer of the first skill that recognises the question, or null. */
export function generalSkill(question: string): string | null {
  for (const skill of SKILLS) {
    const answer = skill(question.trim());
    if (answer !== null) return answer;
  }
  return null;
}
