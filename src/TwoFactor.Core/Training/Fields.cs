namespace TwoFactor.Core.Training;

/// <summary>Fields h_i^mu = sum_j w_ij xi_j^mu - theta_i; patterns are binary, so a sum over active inputs.</summary>
public static class Fields
{
    public static double Field(ReadOnlySpan<double> weights, int[] activeInputs, double theta)
    {
        double sum = 0;
        foreach (int j in activeInputs) sum += weights[j];
        return sum - theta;
    }
}
