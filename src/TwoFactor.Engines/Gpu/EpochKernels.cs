using ILGPU;
using ILGPU.Algorithms;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// Device code of the ILGPU engine: one thread per neuron (neurons train independently, MODEL.md section 2).
/// The same arithmetic as the reference in double precision: <see cref="Prepare"/> is step 1 (weights, dw/du,
/// alive mask, fields, does this neuron err), <see cref="Epoch"/> is steps 2-5 followed by step 1 for the next
/// epoch, so one launch per epoch suffices and only the per-neuron error flags travel back to the host.
/// </summary>
public static class EpochKernels
{
    private const double Floor = 1e-20;
    private const double AliveThreshold = 1e-10;

    /// <summary>Buffers of the network on the device, one view each (row layouts as in NetworkState).</summary>
    public struct Views
    {
        public ArrayView<double> Factors;     // [(i K + k) N + j]
        public ArrayView<double> Theta;       // [i]
        public ArrayView<double> Patterns;    // dense 0/1 [mu N + j]
        public ArrayView<double> Targets;     // y [i M + mu]
        public ArrayView<double> Fields;      // [i M + mu]
        public ArrayView<double> MeanAbsPrev; // [i]
        public ArrayView<double> Weights;     // [i N + j]
        public ArrayView<double> Gradients;   // factor layout
        public ArrayView<double> Alive;       // 1/0 [i N + j]
        public ArrayView<double> Drive;       // scratch [i N + j]
        public ArrayView<double> SoftMin;     // scratch [i M + mu]
        public ArrayView<int> Errs;           // [i]
    }

    public static void Prepare(Index1D index, EpochKernelParameters p, Views v) => PrepareNeuron(index, p, v);

    public static void Epoch(Index1D index, EpochKernelParameters p, Views v)
    {
        int i = index;
        UpdateNeuron(i, p, v);
        PrepareNeuron(i, p, v);
    }

    private static void PrepareNeuron(int i, EpochKernelParameters p, Views v)
    {
        int n = p.N, m = p.M, k = p.K;
        for (int j = 0; j < n; j++)
        {
            double w = WeightAndGradient(i, j, p, v);
            v.Weights[i * n + j] = w;
            bool alive = j != i && (p.SynapseCode == 3 ? XMath.Abs(w) > AliveThreshold : w > AliveThreshold);
            v.Alive[i * n + j] = alive ? 1.0 : 0.0;
        }
        int errs = 0;
        double theta = v.Theta[i];
        for (int mu = 0; mu < m; mu++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += v.Patterns[mu * n + j] * v.Weights[i * n + j];
            double h = sum - theta;
            v.Fields[i * m + mu] = h;
            if (v.Targets[i * m + mu] * h <= 0) errs = 1;
        }
        v.Errs[i] = errs;
        _ = k;
    }

    /// <summary>w_ij and dw/du_ijk (written to Gradients) for the parameterization in use.</summary>
    private static double WeightAndGradient(int i, int j, EpochKernelParameters p, Views v)
    {
        int n = p.N, k = p.K;
        if (p.SynapseCode == 0)
        {
            double w = 1;
            for (int f = 0; f < k; f++) w *= v.Factors[(i * k + f) * n + j];
            for (int f = 0; f < k; f++)
            {
                double g = 1;
                for (int l = 0; l < k; l++) if (l != f) g *= v.Factors[(i * k + l) * n + j];
                v.Gradients[(i * k + f) * n + j] = g;
            }
            return w;
        }
        if (p.SynapseCode == 1)
        {
            double u = v.Factors[i * n + j];
            v.Gradients[i * n + j] = IntPow(u, p.Z - 1);
            return IntPow(u, p.Z);
        }
        double a = v.Factors[(i * 2) * n + j], b = v.Factors[(i * 2 + 1) * n + j];
        v.Gradients[(i * 2) * n + j] = IntPow(a, p.Z - 1);
        v.Gradients[(i * 2 + 1) * n + j] = -IntPow(b, p.Z - 1);
        return IntPow(a, p.Z) - IntPow(b, p.Z);
    }

    private static double IntPow(double x, int power)
    {
        double r = 1;
        for (int q = 0; q < power; q++) r *= x;
        return r;
    }

    private static void UpdateNeuron(int i, EpochKernelParameters p, Views v)
    {
        int n = p.N, m = p.M, k = p.K;
        double thetaStep = 0;
        for (int j = 0; j < n; j++) v.Drive[i * n + j] = 0;
        if (p.PhaseB == 0)
        {
            int worst = 0;
            for (int mu = 1; mu < m; mu++)
                if (v.Targets[i * m + mu] * v.Fields[i * m + mu] < v.Targets[i * m + worst] * v.Fields[i * m + worst]) worst = mu;
            double y = v.Targets[i * m + worst];
            for (int j = 0; j < n; j++) v.Drive[i * n + j] = v.Patterns[worst * n + j] * y;
            thetaStep = y;
        }
        else
        {
            double scale = v.MeanAbsPrev[i] > 0 ? v.MeanAbsPrev[i] : 1.0;
            double minAbs = double.MaxValue;
            for (int mu = 0; mu < m; mu++) minAbs = XMath.Min(minAbs, XMath.Abs(v.Fields[i * m + mu]));
            double sumA = 0;
            for (int mu = 0; mu < m; mu++)
            {
                double a = XMath.Exp(-p.Beta * (XMath.Abs(v.Fields[i * m + mu]) - minAbs) / scale);
                v.SoftMin[i * m + mu] = a;
                sumA += a;
            }
            for (int mu = 0; mu < m; mu++)
            {
                double h = v.Fields[i * m + mu];
                double sign = h > 0 ? 1.0 : h < 0 ? -1.0 : 0.0;
                double g = v.SoftMin[i * m + mu] * sign / sumA;
                if (g == 0) continue;
                thetaStep += g;
                for (int j = 0; j < n; j++) v.Drive[i * n + j] += g * v.Patterns[mu * n + j];
            }
        }
        double absSum = 0;
        for (int mu = 0; mu < m; mu++) absSum += XMath.Abs(v.Fields[i * m + mu]);
        v.MeanAbsPrev[i] = absSum / m;

        for (int f = 0; f < k; f++)
        {
            for (int j = 0; j < n; j++)
            {
                int idx = (i * k + f) * n + j;
                v.Factors[idx] += p.Eta * v.Drive[i * n + j] * v.Alive[i * n + j] * v.Gradients[idx];
            }
        }
        v.Theta[i] -= p.EtaTheta * thetaStep;

        // Clip (dead connections to the floor, every factor at least the floor; difference form: b <= a).
        double sumSquares = 0;
        for (int j = 0; j < n; j++)
        {
            bool dead = v.Alive[i * n + j] == 0;
            for (int f = 0; f < k; f++)
            {
                int idx = (i * k + f) * n + j;
                double u = v.Factors[idx];
                v.Factors[idx] = dead || u < Floor ? Floor : u;
            }
            if (p.SynapseCode == 2)
            {
                int ia = (i * 2) * n + j, ib = (i * 2 + 1) * n + j;
                if (v.Factors[ib] > v.Factors[ia]) v.Factors[ib] = v.Factors[ia];
            }
        }
        for (int q = 0; q < k * n; q++)
        {
            double u = v.Factors[i * k * n + q];
            sumSquares += u * u;
        }
        double factor = XMath.Sqrt(p.NormalizationTarget / sumSquares);
        for (int q = 0; q < k * n; q++) v.Factors[i * k * n + q] *= factor;
    }
}
