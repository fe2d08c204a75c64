namespace Accessory.Core.Mdns;

/// <summary>Reports that a conflict made the responder pick a new name.</summary>
public delegate void MdnsRenamedHandler(string oldName, string newName);
