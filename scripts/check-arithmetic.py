#!/usr/bin/env python3
"""Fails on a trapping integer conversion of data: `Int(x)` and its kin trap when x is a floating value out of range
(or NaN), and a narrowing one (`UInt32(x)`, `Int32(x)`) traps when x does not fit. Data must go through a checked form
(`Int(exactly:)`, `Int(clamping:)`, `Milliseconds.clamped`, or a guard). A conversion is flagged when its argument
looks floating (a Double, a time interval, a rounding, a division) or its target is narrower than Int; the reviewed
ones that are safe are listed, with why, in scripts/arithmetic-exceptions.txt as `path: code`."""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
TYPES = r"(?:Int|Int8|Int16|Int32|Int64|UInt|UInt8|UInt16|UInt32|UInt64)"
CALL = re.compile(r"(?<![\w.])(" + TYPES + r")\(")
CHECKED = re.compile(r"^\s*(exactly|clamping|truncatingIfNeeded|bitPattern|ascii|littleEndian|bigEndian):")
FLOATING = re.compile(
    r"\b(Double|Float|TimeInterval|timeInterval\w*|timeIntervalSince\w*|rounded|score|doubleValue|numberValue)\b|[^/]/[^/]|\*\s*\d+(\.\d+)?\b")
CONSTANT = re.compile(r"^\s*(-?\d[\d_]*|[A-Z][A-Z0-9_]+|MemoryLayout<[^>]+>\.(size|stride)|\w+\.rawValue|UInt8\(ascii: \"[^\"]+\"\))\s*$")
NARROW = {"Int8", "Int16", "Int32", "UInt", "UInt8", "UInt16", "UInt32", "UInt64"}


def argument(text, start):
    """The text between the parenthesis at `start` and its match."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:index]
    return text[start + 1:]


def findings():
    for path in sorted(list((root / "Sources").rglob("*.swift")) + list((root / "Plugins").rglob("*.swift"))):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("//")[0]
            for match in CALL.finditer(code):
                inner = argument(code, match.end() - 1)
                if CHECKED.match(inner) or CONSTANT.match(inner):
                    continue
                if FLOATING.search(inner) or match.group(1) in NARROW:
                    yield path.relative_to(root), number, f"{match.group(1)}({inner})"


def main():
    allowed = set()
    for line in (root / "scripts/arithmetic-exceptions.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            allowed.add(line.split("  #")[0].strip())
    new = [f"{path}:{number}: {call}" for path, number, call in findings() if f"{path}: {call}" not in allowed]
    for line in new:
        print(line)
    if new:
        print(f"{len(new)} unchecked conversion(s): use Int(exactly:), Int(clamping:) or a guard, or review and list in "
              "scripts/arithmetic-exceptions.txt", file=sys.stderr)
        sys.exit(1)
    print("arithmetic check: no unreviewed trapping conversion")


if __name__ == "__main__":
    main()
