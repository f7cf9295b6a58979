using TwoFactor.Core.Noise;
using TwoFactor.Core.Randomness;

namespace TwoFactor.Core.Tests.Noise;

public class ZigguratNormalTests
{
    /// <summary>
    /// One million draws: moments and tail probabilities of the standard normal within about 5 standard errors
    /// (mean: 0.001, variance: 0.0014, fourth moment 3 +- 0.005 x 5; P(|x| &gt; 2) = 0.0455, P(|x| &gt; 3.44), the
    /// ziggurat's tail region, = 0.00058).
    /// </summary>
    [Fact]
    public void Draws_have_the_moments_and_tails_of_a_standard_normal()
    {
        var rng = new DeterministicRandom(2024);
        const int count = 1_000_000;
        double sum = 0, sumSquares = 0, sumFourth = 0;
        int beyond2 = 0, beyondTail = 0, positive = 0;
        for (int k = 0; k < count; k++)
        {
            double x = ZigguratNormal.Next(rng);
            sum += x;
            sumSquares += x * x;
            sumFourth += x * x * x * x;
            if (Math.Abs(x) > 2) beyond2++;
            if (Math.Abs(x) > 3.442619855899) beyondTail++;
            if (x > 0) positive++;
        }
        Assert.InRange(sum / count, -0.005, 0.005);
        Assert.InRange(sumSquares / count, 0.993, 1.007);
        Assert.InRange(sumFourth / count, 2.95, 3.05);
        Assert.InRange(beyond2 / (double)count, 0.0455 - 0.001, 0.0455 + 0.001);
        Assert.InRange(beyondTail / (double)count, 0.00058 - 0.00013, 0.00058 + 0.00013);
        Assert.InRange(positive / (double)count, 0.4975, 0.5025);
    }
}
