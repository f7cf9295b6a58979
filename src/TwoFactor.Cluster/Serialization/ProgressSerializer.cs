using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Serialization;

/// <summary>
/// Journal format of the coordinator's events and snapshots: UTF-8 JSON (System.Text.Json) with an explicit,
/// versioned manifest per record type. Chosen over Akka's default Newtonsoft serializer, whose manifest is the
/// CLR type name: renaming a class or namespace would make every existing journal unreadable. Here the manifest
/// is a stable string, and a new record version gets a new manifest while old ones stay readable.
/// Bound to <see cref="IProgressEvent"/> in configs/akka/base.conf (serialization-bindings).
/// </summary>
public sealed class ProgressSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Serializer id in HOCON; ids below 100 are Akka's.</summary>
    public const int Id = 4242;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Dictionary<string, Type> TypeOfManifest = new()
    {
        ["sweep-registered.v1"] = typeof(SweepRegisteredV1),
        ["part-recorded.v1"] = typeof(PartRecordedV1),
        ["lease-lost.v1"] = typeof(LeaseLostV1),
        ["progress-snapshot.v1"] = typeof(ProgressSnapshotV1),
        ["part-dropped.v1"] = typeof(PartDroppedV1),
        ["lease-losses-reset.v1"] = typeof(LeaseLossesResetV1),
    };

    private static readonly Dictionary<Type, string> ManifestOfType = TypeOfManifest.ToDictionary(kv => kv.Value, kv => kv.Key);

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        ManifestOfType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().Name} has no journal manifest", nameof(o));

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypeOfManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"empty {manifest} record")
            : throw new SerializationException($"unknown journal manifest '{manifest}' (written by a newer version?)");
}
