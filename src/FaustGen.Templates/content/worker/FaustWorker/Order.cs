using FaustGen;

namespace FaustWorker;

/// <summary>An order of a customer. The generator writes its json, msgpack and avro codecs at build time.</summary>
[Record]
public sealed partial record Order(string Customer, string Item, int Quantity);
