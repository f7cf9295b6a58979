using System.Text;
using System.Text.RegularExpressions;
using TwoFactor.Cli.Commands;
using TwoFactor.Sweeps;

namespace TwoFactor.Cli.Tests;

/// <summary>
/// Every example command in README.md and docs/ (lines of fenced code blocks that start with `twofactor` or
/// `dotnet run --project src/TwoFactor.Cli ... --`) parses with the real command line, and its sweep file with
/// its overrides loads without errors, so an example a user copies is never rejected.
/// </summary>
public sealed partial class DocsCommandsTests
{
    public static TheoryData<string, string> Commands()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, line) in ExampleCommands()) data.Add(file, line);
        return data;
    }

    [Fact]
    public void The_docs_show_example_commands()
    {
        var commands = ExampleCommands().ToList();
        Assert.True(commands.Count >= 12, $"found only {commands.Count} example commands");
        foreach (var verb in new[] { "run", "plan", "status", "sweeps", "coordinator", "worker" })
            Assert.Contains(commands, c => Arguments(c.Line).FirstOrDefault() == verb);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_example_command_parses_and_its_sweep_loads(string file, string line)
    {
        var args = Arguments(line);
        var parsed = CliRoot.Create().Parse(args);
        Assert.True(parsed.Errors.Count == 0, $"{file}: `{line}`: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        if (args[0] is not ("run" or "plan" or "coordinator")) return;
        string sweepFile = parsed.GetValue<string>("FILE")!;
        var loaded = SweepLoader.Load(RepositoryFiles.Path(sweepFile), parsed.GetValue<string[]>("overrides") ?? []);
        Assert.True(loaded.Ok, $"{file}: `{line}`:\n{string.Join("\n", loaded.Errors)}");
    }

    [Theory]
    [InlineData("run", "quickstart.yaml")]
    [InlineData("plan", "fig2-small.yaml")]
    [InlineData("coordinator", "fig2-f50.yaml")]
    public void The_override_example_of_the_help_text_loads(string verb, string preset)
    {
        var command = CliRoot.Create().Subcommands.Single(c => c.Name == verb);
        string description = command.Arguments.Single(a => a.Name == "overrides").Description!;
        var example = HelpExample().Match(description);
        Assert.True(example.Success, description);
        var loaded = SweepLoader.Load(RepositoryFiles.Path("configs", preset), example.Groups[1].Value.Split(' '));
        Assert.True(loaded.Ok, $"`{verb} --help` example {example.Groups[1].Value} on {preset}:\n{string.Join("\n", loaded.Errors)}");
    }

    [GeneratedRegex(@"Hydra style: (.+?) \(")]
    private static partial Regex HelpExample();

    /// <summary>The arguments after `twofactor` (or after `dotnet run --project src/TwoFactor.Cli ... --`).</summary>
    private static string[] Arguments(string line)
    {
        var words = ShellWords(line);
        int start = words[0] == "twofactor" ? 1 : words.IndexOf("--") + 1;
        return words.Skip(start).ToArray();
    }

    private static IEnumerable<(string File, string Line)> ExampleCommands()
    {
        var files = new[] { RepositoryFiles.Path("README.md") }
            .Concat(Directory.GetFiles(RepositoryFiles.Path("docs"), "*.md").Where(f => Path.GetFileName(f) != "MODEL.md").Order(StringComparer.Ordinal));
        foreach (var path in files)
        foreach (Match block in CodeBlock().Matches(File.ReadAllText(path)))
        {
            if (block.Groups[1].Value is "sql" or "yaml" or "json") continue;
            // A trailing backslash continues the command on the next line, as in a shell.
            foreach (var raw in block.Groups[2].Value.Replace("\\\n", " ").Split('\n'))
            {
                string line = raw.Trim();
                if (line.StartsWith("twofactor ", StringComparison.Ordinal) || line.StartsWith("dotnet run --project src/TwoFactor.Cli", StringComparison.Ordinal))
                    yield return (Path.GetRelativePath(RepositoryFiles.Root, path), line);
            }
        }
    }

    /// <summary>Splits like a POSIX shell would for these examples: quotes group, an unquoted # starts a comment, an unquoted &gt; or | ends the command.</summary>
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
                continue;
            }
            if (c is '"' or '\'') { quote = c; inWord = true; continue; }
            if (c == '#' && !inWord || c is '>' or '|') break;
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            word.Append(c);
            inWord = true;
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"^```(\w*)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
