global using TwoFactor.Sweeps;
