#!/usr/bin/env python3
"""Checks the PowerShell module's scripts without PowerShell.

No PowerShell runs on the CI machines, so every .ps1, .psm1 and .psd1 file under
powershell/ and tests/powershell/ is parsed with a PowerShell grammar (tree-sitter-powershell
from PyPI), and each ERROR or MISSING node is reported as file:line:column. On top of the
syntax, the module's conventions are checked on the syntax tree:

- each file in Public/ and Private/ defines exactly one function, named as the file;
- the manifest's FunctionsToExport lists exactly the Public/ functions; Cmdlets, Variables
  and Aliases to export are empty; both editions; PowerShell 5.1; the format and type files
  it names exist and are well-formed XML;
- the script module sets Set-StrictMode -Version Latest;
- every public function has [CmdletBinding()], [OutputType()], comment-based help with
  .SYNOPSIS, .DESCRIPTION, a .PARAMETER for each parameter (and none for parameters that do
  not exist) and at least two .EXAMPLEs; no parameter is Mandatory (a missing mandatory
  value makes PowerShell prompt; the functions validate and throw instead);
- every private function has .SYNOPSIS and a .PARAMETER for each parameter;
- no script calls Write-Host, Invoke-WebRequest or Invoke-RestMethod (or their aliases);
- no PowerShell 7-only syntax (&& and || chains, ForEach-Object -Parallel, clean blocks;
  ternaries and ?? / ?. do not parse and show as syntax errors);
- no [System.Management.Automation.PSCustomObject]@{...} (only the [PSCustomObject]
  accelerator turns a hashtable literal into an object);
- no assignment to a variable that differs only in case from a parameter of the same
  function (PowerShell variable names ignore case, so it would overwrite the parameter);
- every $script:LocalizedData.<Key> used exists in en-US/JenkinsTrigger.strings.psd1, and
  every key there is used;
- lines are shorter than 120 columns and hold no tabs, and a file holding anything but ASCII
  starts with a UTF-8 byte order mark (Windows PowerShell reads a file without one as ANSI);
- the Pester files use Describe <exported command or 'JenkinsTrigger ...'>, Context 'When ...'
  or 'Given ...', It 'Should ...', and every exported command has a Describe.

Before all that, it parses a snippet with a known syntax error and fails unless the grammar
reports it, so a grammar that accepts anything cannot make the check pass.

Usage: python3 tests/grammar/check_powershell.py [repository root]
Prints one line per file and ends with "N passed, M failed" (N + M files); exits 1 on any
failure. Needs: pip install -r tests/grammar/requirements.txt
"""

import os
import re
import sys
import xml.etree.ElementTree as ElementTree

try:
    import tree_sitter
    import tree_sitter_powershell
except ImportError as missing:
    sys.exit(
        f"check_powershell: {missing.name} is not installed; run "
        "'python3 -m pip install -r tests/grammar/requirements.txt'"
    )

MAX_COLUMNS = 119
FORBIDDEN_COMMANDS = {
    "write-host": "Write-Host (use Write-Verbose, Write-Information or output)",
    "invoke-webrequest": "Invoke-WebRequest (the native library does the HTTP)",
    "invoke-restmethod": "Invoke-RestMethod (the native library does the HTTP)",
    "iwr": "iwr (alias of Invoke-WebRequest)",
    "irm": "irm (alias of Invoke-RestMethod)",
    "curl": "curl (an alias of Invoke-WebRequest on Windows PowerShell)",
    "wget": "wget (an alias of Invoke-WebRequest on Windows PowerShell)",
}
SCRIPT_SUFFIXES = (".ps1", ".psm1", ".psd1")
MODULE = "powershell/JenkinsTrigger"
STRINGS = f"{MODULE}/en-US/JenkinsTrigger.strings.psd1"


def make_parser():
    language = tree_sitter.Language(tree_sitter_powershell.language())
    return tree_sitter.Parser(language)


def walk(node):
    """Every node below and including `node`, depth first, in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def text(source, node):
    return source[node.start_byte:node.end_byte].decode("utf-8", "replace")


def syntax_errors(tree):
    """(line, column, description) of every ERROR or MISSING node, 1-based."""
    found = []
    for node in walk(tree.root_node):
        if node.is_missing:
            found.append((node.start_point[0] + 1, node.start_point[1] + 1, f"missing {node.type!r}"))
        elif node.is_error or node.type == "ERROR":
            found.append((node.start_point[0] + 1, node.start_point[1] + 1, "syntax error"))
    return found


def self_test(parser):
    """The grammar must flag a broken script and accept a sound one."""
    broken = b"function Test-Broken\n{\n    param([int] $x)\n    if ($x -gt 1 {\n        $x +\n    }\n"
    sound = b"function Test-Sound\n{\n    param([int] $x)\n    if ($x -gt 1) { $x + 1 }\n}\n"
    if not syntax_errors(parser.parse(broken)):
        return "the grammar reported no error in a script with unbalanced braces"
    if syntax_errors(parser.parse(sound)):
        return "the grammar reported errors in a sound script"
    return None


def functions_in(tree):
    return [n for n in walk(tree.root_node) if n.type == "function_statement"]


def function_name(source, function):
    for child in function.children:
        if child.type == "function_name":
            return text(source, child)
    return None


def own_param_block(function):
    for child in function.children:
        if child.type == "script_block":
            for grandchild in child.children:
                if grandchild.type == "param_block":
                    return grandchild
    return None


def parameters_of(source, function):
    """[(name without $, script_parameter node)] of the function's own param block."""
    block = own_param_block(function)
    if block is None:
        return []
    found = []
    for node in walk(block):
        if node.type == "script_parameter":
            for child in node.children:
                if child.type == "variable":
                    found.append((text(source, child).lstrip("$"), node))
    return found


def attribute_names(source, node):
    names = []
    for attribute in walk(node):
        if attribute.type == "attribute":
            for child in attribute.children:
                if child.type == "attribute_name":
                    names.append(text(source, child).lower())
    return names


def help_comment(source, function):
    for node in walk(function):
        if node.type == "comment":
            body = text(source, node)
            if ".SYNOPSIS" in body.upper():
                return body
    return None


def help_sections(body):
    """Keyword -> list of arguments, e.g. {'PARAMETER': ['Job', ...], 'EXAMPLE': ['', '']}."""
    sections = {}
    for match in re.finditer(r"^\s*\.([A-Za-z]+)[ \t]*(\S*)", body, re.MULTILINE):
        sections.setdefault(match.group(1).upper(), []).append(match.group(2))
    return sections


def check_help(source, function, name, public):
    problems = []
    body = help_comment(source, function)
    if body is None:
        return [f"{name}: no comment-based help with .SYNOPSIS"]
    sections = help_sections(body)
    required = ["SYNOPSIS", "DESCRIPTION", "EXAMPLE"] if public else ["SYNOPSIS"]
    for keyword in required:
        if keyword not in sections:
            problems.append(f"{name}: help has no .{keyword}")
    if public and len(sections.get("EXAMPLE", [])) < 2:
        problems.append(f"{name}: help has fewer than two .EXAMPLEs")
    documented = {p.lower() for p in sections.get("PARAMETER", [])}
    declared = {p.lower(): p for p, _ in parameters_of(source, function)}
    for lower, parameter in declared.items():
        if lower not in documented:
            problems.append(f"{name}: help has no .PARAMETER {parameter}")
    for parameter in sections.get("PARAMETER", []):
        if parameter.lower() not in declared:
            problems.append(f"{name}: help documents .PARAMETER {parameter}, which does not exist")
    return problems


def check_public_shape(source, function, name):
    problems = []
    block = own_param_block(function)
    names = attribute_names(source, block) if block is not None else []
    if "cmdletbinding" not in names:
        problems.append(f"{name}: no [CmdletBinding()]")
    if "outputtype" not in names:
        problems.append(f"{name}: no [OutputType()]")
    for parameter, node in parameters_of(source, function):
        if re.search(r"\bMandatory\b", text(source, node), re.IGNORECASE):
            problems.append(f"{name}: parameter {parameter} is Mandatory (would prompt); validate and throw")
    return problems


def check_case_shadowing(source, function, name):
    """Assignments to $x where the function has a parameter $X (same name, other case)."""
    parameters = {p.lower(): p for p, _ in parameters_of(source, function)}
    problems = []
    for node in walk(function):
        target = None
        if node.type == "assignment_expression":
            left = node.children[0] if node.children else None
            if left is not None:
                variables = [n for n in walk(left) if n.type == "variable"]
                if len(variables) == 1 and text(source, left).strip() == text(source, variables[0]):
                    target = variables[0]
        elif node.type == "foreach_statement":
            variables = [c for c in node.children if c.type == "variable"]
            target = variables[0] if variables else None
        if target is None:
            continue
        variable = text(source, target).lstrip("$")
        if ":" in variable:
            continue
        parameter = parameters.get(variable.lower())
        if parameter is not None and parameter != variable:
            line = target.start_point[0] + 1
            problems.append(
                f"line {line}: {name} assigns ${variable}, which is its parameter ${parameter} "
                "(variable names ignore case)"
            )
    return problems


def check_commands(source, tree):
    problems = []
    for node in walk(tree.root_node):
        if node.type == "command_name":
            command = text(source, node).lower()
            line = node.start_point[0] + 1
            if command in FORBIDDEN_COMMANDS:
                problems.append(f"line {line}: uses {FORBIDDEN_COMMANDS[command]}")
            if command == "clean":
                problems.append(f"line {line}: a 'clean' block is PowerShell 7.3+ only")
        elif node.type == "pipeline_chain_tail":
            problems.append(f"line {node.start_point[0] + 1}: && and || chains are PowerShell 7+ only")
        elif node.type == "command_parameter" and text(source, node).lower() == "-parallel":
            problems.append(f"line {node.start_point[0] + 1}: -Parallel is PowerShell 7+ only")
    for match in re.finditer(rb"\[System\.Management\.Automation\.PSCustomObject\]\s*@\{", source, re.I):
        line = source.count(b"\n", 0, match.start()) + 1
        problems.append(
            f"line {line}: [System.Management.Automation.PSCustomObject]@{{}} does not make an object; "
            "use the [PSCustomObject] accelerator"
        )
    return problems


def check_lines(source, has_bom):
    problems = []
    if not has_bom:
        for number, line in enumerate(source.split(b"\n"), start=1):
            if any(byte > 0x7F for byte in line):
                problems.append(f"line {number}: non-ASCII text in a file without a UTF-8 byte order mark")
                break
    for number, line in enumerate(source.decode("utf-8", "replace").splitlines(), start=1):
        if "\t" in line:
            problems.append(f"line {number}: tab character")
        if len(line) > MAX_COLUMNS:
            problems.append(f"line {number}: {len(line)} columns (at most {MAX_COLUMNS})")
    return problems


def manifest_list(source, key):
    """The quoted strings of `Key = @( ... )` in a manifest, or None when the key is absent."""
    match = re.search(rf"^\s*{key}\s*=\s*@\((.*?)\)", source, re.MULTILINE | re.DOTALL)
    if match is None:
        return None
    return re.findall(r"'([^']*)'", match.group(1))


def manifest_value(source, key):
    match = re.search(rf"^\s*{key}\s*=\s*'([^']*)'", source, re.MULTILINE)
    return match.group(1) if match else None


def check_manifest(root, path, public_names):
    problems = []
    source = open(os.path.join(root, path), encoding="utf-8-sig").read()
    exported = manifest_list(source, "FunctionsToExport")
    if exported is None:
        problems.append("FunctionsToExport is not an explicit list")
        exported = []
    for name in exported:
        if name not in public_names:
            problems.append(f"FunctionsToExport names {name}, which has no file Public/{name}.ps1")
    for name in sorted(public_names - set(exported)):
        problems.append(f"Public/{name}.ps1 is not in FunctionsToExport")
    for key in ("CmdletsToExport", "VariablesToExport", "AliasesToExport"):
        if manifest_list(source, key) != []:
            problems.append(f"{key} is not an empty list @()")
    editions = manifest_list(source, "CompatiblePSEditions") or []
    if sorted(editions) != ["Core", "Desktop"]:
        problems.append("CompatiblePSEditions is not @('Desktop', 'Core')")
    if manifest_value(source, "PowerShellVersion") != "5.1":
        problems.append("PowerShellVersion is not '5.1'")
    if manifest_value(source, "RootModule") != "JenkinsTrigger.psm1":
        problems.append("RootModule is not 'JenkinsTrigger.psm1'")
    for key in ("FormatsToProcess", "TypesToProcess"):
        for name in manifest_list(source, key) or []:
            xml_path = os.path.join(root, MODULE, name)
            if not os.path.isfile(xml_path):
                problems.append(f"{key} names {name}, which does not exist")
                continue
            try:
                ElementTree.parse(xml_path)
            except ElementTree.ParseError as error:
                problems.append(f"{name} is not well-formed XML: {error}")
    if manifest_list(source, "FormatsToProcess") in (None, []):
        problems.append("FormatsToProcess names no format file")
    return problems, exported


def check_strict_mode(source, tree):
    for node in walk(tree.root_node):
        if node.type == "command" and re.match(
            r"Set-StrictMode\s+-Version\s+Latest\b", text(source, node), re.IGNORECASE
        ):
            return []
    return ["does not run Set-StrictMode -Version Latest"]


def localized_keys(root):
    path = os.path.join(root, STRINGS)
    if not os.path.isfile(path):
        return None
    keys = set()
    for line in open(path, encoding="utf-8-sig"):
        match = re.match(r"^\s*([A-Za-z][A-Za-z0-9]*)\s*=", line)
        if match:
            keys.add(match.group(1))
    return keys


def check_pester(source, tree, exported):
    """Describe/Context/It names; returns (problems, described command names)."""
    problems = []
    described = set()
    for node in walk(tree.root_node):
        if node.type != "command":
            continue
        name_node = next((c for c in node.children if c.type == "command_name"), None)
        if name_node is None:
            continue
        keyword = text(source, name_node)
        if keyword not in ("Describe", "Context", "It"):
            continue
        match = re.match(r"\w+\s+(?:-Name\s+)?(['\"])(.*?)\1", text(source, node), re.DOTALL)
        line = node.start_point[0] + 1
        if match is None:
            problems.append(f"line {line}: {keyword} without a quoted name")
            continue
        title = match.group(2)
        if keyword == "Describe":
            if title in exported:
                described.add(title)
            elif not title.startswith("JenkinsTrigger"):
                problems.append(f"line {line}: Describe '{title}' names no exported command")
        elif keyword == "Context" and not re.match(r"(When|Given) ", title):
            problems.append(f"line {line}: Context '{title}' does not start with 'When' or 'Given'")
        elif keyword == "It" and not title.startswith("Should "):
            problems.append(f"line {line}: It '{title}' does not start with 'Should'")
    return problems, described


def script_files(root):
    found = []
    for top in ("powershell", os.path.join("tests", "powershell")):
        for directory, _, files in os.walk(os.path.join(root, top)):
            for file in files:
                if file.endswith(SCRIPT_SUFFIXES):
                    found.append(os.path.relpath(os.path.join(directory, file), root).replace(os.sep, "/"))
    return sorted(found)


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
    parser = make_parser()
    broken = self_test(parser)
    if broken:
        print(f"check_powershell: self-test failed: {broken}")
        return 1

    files = script_files(root)
    if not files:
        print(f"check_powershell: no PowerShell files under {root}/powershell")
        return 1

    public_names = {
        os.path.basename(f)[:-4] for f in files if f.startswith(f"{MODULE}/Public/") and f.endswith(".ps1")
    }
    manifest_path = f"{MODULE}/JenkinsTrigger.psd1"
    problems = {f: [] for f in files}
    exported = []
    if manifest_path in problems:
        manifest_problems, exported = check_manifest(root, manifest_path, public_names)
        problems[manifest_path].extend(manifest_problems)
    else:
        problems.setdefault(manifest_path, []).append("the module manifest is missing")

    keys = localized_keys(root)
    used_keys = set()
    described = set()
    pester_files = []

    for path in files:
        source = open(os.path.join(root, path), "rb").read()
        has_bom = source.startswith(b"\xef\xbb\xbf")
        if has_bom:
            source = source[3:]
        tree = parser.parse(source)
        for line, column, what in syntax_errors(tree):
            problems[path].append(f"{path}:{line}:{column}: {what}")
        problems[path].extend(check_commands(source, tree))
        problems[path].extend(check_lines(source, has_bom))

        functions = functions_in(tree)
        stem = os.path.basename(path)[:-4]
        in_public = path.startswith(f"{MODULE}/Public/")
        in_private = path.startswith(f"{MODULE}/Private/")
        if in_public or in_private:
            names = [function_name(source, f) for f in functions]
            if names != [stem]:
                problems[path].append(f"defines {names or 'no function'}; must define exactly {stem}")
        for function in functions:
            name = function_name(source, function) or "?"
            problems[path].extend(check_case_shadowing(source, function, name))
            if in_public:
                problems[path].extend(check_help(source, function, name, public=True))
                problems[path].extend(check_public_shape(source, function, name))
            elif in_private:
                problems[path].extend(check_help(source, function, name, public=False))
        if path.endswith(".psm1") and path.startswith(MODULE):
            problems[path].extend(check_strict_mode(source, tree))
        if path.startswith(MODULE):
            used = set(re.findall(rb"LocalizedData\.([A-Za-z][A-Za-z0-9]*)", source))
            for key in sorted(k.decode() for k in used):
                used_keys.add(key)
                if keys is not None and key not in keys:
                    problems[path].append(f"uses $script:LocalizedData.{key}, which {STRINGS} lacks")
        if path.endswith(".Tests.ps1"):
            pester_files.append(path)
            pester_problems, names = check_pester(source, tree, set(exported))
            problems[path].extend(pester_problems)
            described |= names

    if keys is None:
        problems.setdefault(STRINGS, []).append("the message file is missing")
    else:
        for key in sorted(keys - used_keys):
            problems[STRINGS].append(f"message {key} is never used")
    if pester_files:
        for name in sorted(set(exported) - described):
            problems[pester_files[0]].append(f"no Pester file has Describe '{name}'")

    failed = 0
    for path in sorted(problems):
        if problems[path]:
            failed += 1
            print(f"FAIL {path}")
            for problem in problems[path]:
                shown = problem if problem.startswith(path) else f"{path}: {problem}"
                print(f"  {shown}")
        else:
            print(f"ok   {path}")
    print(f"{len(problems) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
