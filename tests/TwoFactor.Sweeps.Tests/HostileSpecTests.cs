using System.Text;

namespace TwoFactor.Sweeps.Tests;

/// <summary>
/// Careless or hostile sweep files are refused before any work, in bounded time and memory, each with
/// file, line, key and reason: an empty file, alias bombs, deep nesting, huge files, cells too large for
/// memory, alpha varied while M is fixed.
/// </summary>
public sealed class HostileSpecTests
{
    private static SpecError SingleError(string yaml)
    {
        var result = Sweeps.Load(yaml);
        Assert.False(result.Ok);
        return Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    [InlineData("---\n")]
    public void An_empty_file_is_an_error_not_a_sweep_of_defaults(string yaml)
    {
        var error = SingleError(yaml);
        Assert.Equal("test.yaml", error.File);
        Assert.Equal("(file)", error.KeyPath);
        Assert.Contains("the sweep file is empty", error.Reason);
    }

    /// <summary>Nine levels of ten aliases each: 10^9 nodes once expanded.</summary>
    private static string BillionLaughs()
    {
        var text = new StringBuilder("a0: &a0 [lol]\n");
        for (int level = 1; level <= 9; level++)
            text.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        text.Append("base: *a9\n");
        return text.ToString();
    }

    [Fact]
    public void A_billion_laughs_alias_bomb_is_refused_without_expanding_it()
    {
        var yaml = BillionLaughs();
        Sweeps.Load("name: warm-up"); // JIT and YamlDotNet's static setup are not the bomb's cost
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = Sweeps.Load(yaml);
        // Allocation, not time, shows the bomb was not expanded: its 10^9 scalars would take gigabytes.
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var error = Assert.Single(result.Errors);
        Assert.Contains("aliases (*name) are expanded", error.Reason);
        Assert.Equal("test.yaml", error.File);
        Assert.True(allocated < 16L << 20, $"allocated {allocated / (1 << 20)} MiB");
    }

    [Fact]
    public void Many_aliases_are_refused_even_when_each_is_small()
    {
        var yaml = "x: &x 1\nbase:\n  tests: [" + string.Join(", ", Enumerable.Repeat("*x", YamlLimits.MaxAliases + 1)) + "]\n";
        Assert.Contains("more than 1000 aliases", SingleError(yaml).Reason);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var yaml = "base: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var error = SingleError(yaml);
        Assert.Contains("nesting deeper than 64 levels", error.Reason);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "huge.yaml");
        File.WriteAllText(path, "name: huge\n#" + new string('x', (int)YamlLimits.MaxFileBytes) + "\n");
        var result = SweepLoader.Load(path, []);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Contains("more than the limit of 1048576 (1 MiB)", error.Reason);
    }

    [Fact]
    public void A_grid_over_ten_million_cells_is_refused_before_it_is_expanded()
    {
        // 4,000 seeds x 2,501 epoch limits = 10,004,000 cells: one over the limit's order, refused from the axis lengths alone.
        var error = SingleError("base: {tests: none}\naxes:\n  seeds: 4000\n  max_epochs: {range: [1000, 3500, 1]}\n");
        Assert.Contains("the grid has 10004000 cells, more than the limit of 10000000", error.Reason);
        Assert.Contains("split the sweep into several files", error.Reason);
        Assert.Equal("axes", error.KeyPath);
    }

    [Fact]
    public void A_network_too_large_for_memory_is_refused_with_the_estimate()
    {
        var error = SingleError("""
            name: big
            base:
              N: 100000000
              alpha: 0.1
            """);
        Assert.Equal("base.N", error.KeyPath);
        Assert.Equal(3, error.Line);
        Assert.Contains("N=100000000", error.Reason);
        Assert.Contains("needs about", error.Reason);
        Assert.Contains("available here", error.Reason);
        // A normal size passes, and the estimate grows with N^2.
        Assert.True(Sweeps.Load("base: {N: 1000}").Ok);
        var protocol = ProtocolCatalog.Get("static");
        long small = protocol.EstimateMemoryBytes(new Dictionary<string, object?> { ["N"] = 1000L, ["M"] = 100L });
        long large = protocol.EstimateMemoryBytes(new Dictionary<string, object?> { ["N"] = 2000L, ["M"] = 100L });
        Assert.InRange(large / (double)small, 3.9, 4.0);
    }

    [Fact]
    public void Alpha_varied_while_M_is_fixed_is_rejected_at_the_alpha_axis()
    {
        var result = Sweeps.Load("""
            base:
              N: 100
              M: 10
            axes:
              alpha: [0.1, 0.2]
            """);
        Assert.False(result.Ok);
        var error = Assert.Single(result.Errors);
        Assert.Equal("axes.alpha", error.KeyPath);
        Assert.Equal(5, error.Line);
        Assert.Contains("alpha and M are both given", error.Reason);
        Assert.StartsWith("test.yaml:5: axes.alpha: ", error.ToString());
    }
}
