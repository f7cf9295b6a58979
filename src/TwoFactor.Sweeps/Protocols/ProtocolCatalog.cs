namespace TwoFactor.Sweeps;

/// <summary>Every protocol a sweep file may name. Add a protocol with one line here.</summary>
public static class ProtocolCatalog
{
    public const string DefaultName = "static";

    public static IReadOnlyList<IProtocol> All { get; } =
    [
        new StaticProtocol(),
        new WakeSleepProtocol(),
        new SynapticNoiseProtocol(),
    ];

    public static IReadOnlyList<string> Names => All.Select(p => p.Name).ToList();

    public static bool TryGet(string name, out IProtocol protocol)
    {
        protocol = All.FirstOrDefault(p => p.Name == name)!;
        return protocol is not null;
    }

    /// <exception cref="ArgumentException">No protocol has this name.</exception>
    public static IProtocol Get(string name) => TryGet(name, out var protocol)
        ? protocol
        : throw new ArgumentException(DidYouMean.Unknown("protocol", name, Names), nameof(name));
}
