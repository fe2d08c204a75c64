namespace Accessory.Core.Mdns;

/// <summary>Reports a responder event about one advertised name (host name or instance name).</summary>
public delegate void MdnsNameHandler(string name);
