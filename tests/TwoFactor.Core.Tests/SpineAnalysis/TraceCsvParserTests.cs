using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Tests.SpineAnalysis;

public class TraceCsvParserTests
{
    [Fact]
    public void Reads_rows_as_synapses_and_empty_or_nan_cells_as_missing()
    {
        var traces = TraceCsvParser.Parse("1,2.5,3e-1\n0.5, ,NaN\n0,1,2\n\n", "t.csv");
        Assert.Equal(3, traces.Synapses);
        Assert.Equal(3, traces.TimePoints);
        Assert.Equal(2.5, traces[0, 1]);
        Assert.Equal(0.3, traces[0, 2], 12);
        Assert.True(double.IsNaN(traces[1, 1]));
        Assert.True(double.IsNaN(traces[1, 2]));
        Assert.Equal(0, traces[2, 0]);
    }

    [Theory]
    [InlineData("1,2,3\n1,2\n", "t.csv: row 2: 2 columns, expected 3")]
    [InlineData("1,2,3\n1,abc,3\n", "t.csv: row 2, column 2: 'abc' is not a number")]
    [InlineData("1,2,3\n1,2,-0.5\n", "t.csv: row 2, column 3: negative size -0.5")]
    [InlineData("1,2,3\n1,2,Infinity\n", "t.csv: row 2, column 3: infinite size")]
    [InlineData("1,2\n\n3,4\n", "t.csv: row 2: empty line inside the table")]
    [InlineData("", "t.csv: no data rows")]
    [InlineData("1\n2\n", "t.csv: row 1: 1 column; at least 2 time points")]
    public void Bad_files_are_rejected_with_source_row_and_column(string text, string expected)
    {
        var error = Assert.Throws<SpineDataException>(() => TraceCsvParser.Parse(text, "t.csv"));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void The_shipped_Kaufman_data_parse_completely()
    {
        using var reader = File.OpenText(RepositoryFiles.Path("data", "kaufman_2012.csv"));
        var traces = TraceCsvParser.Parse(reader, "kaufman_2012.csv");
        Assert.Equal(49, traces.TimePoints);
        Assert.InRange(traces.Synapses, 1086, 1087); // MODEL.md says 1086 spines; the file has 1087 rows
        Assert.All(traces.Values, v => Assert.True(v > 0));
    }
}
