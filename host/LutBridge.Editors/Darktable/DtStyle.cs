using System.Xml.Linq;

namespace LutBridge.Editors.Darktable;

/// <summary>One history item of a darktable style: a module instance with its parameters.</summary>
public sealed record DtStyleItem(
    string Operation,
    int ModuleVersion,
    byte[] OpParams,
    bool Enabled = true,
    int MultiPriority = 0,
    string MultiName = "")
{
    public static DtStyleItem Lut3d(Lut3dParams p) => new(Lut3dParams.Operation, Lut3dParams.ModuleVersion, p.Encode());
}

/// <summary>
/// A darktable style file (.dtstyle, version 1.0) as darktable 4.2 imports it with
/// dt.styles.import or the styles module. Blend parameters are left empty so darktable
/// uses the module's default blending (its importer falls back to defaults when the
/// blend params' size or version do not match its own).
/// </summary>
public sealed record DtStyle(string Name, string Description, IReadOnlyList<DtStyleItem> Items)
{
    /// <summary>darktable 4.2's blend params version, written beside the empty blend params.</summary>
    public const int BlendopVersion = 11;

    public string ToXml()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("a darktable style needs a name");
        var style = new XElement("style", Items.Select((item, num) => new XElement("plugin",
            new XElement("num", num),
            new XElement("module", item.ModuleVersion),
            new XElement("operation", item.Operation),
            new XElement("op_params", DarktableParamsEncoding.Hex(item.OpParams)),
            new XElement("enabled", item.Enabled ? 1 : 0),
            new XElement("blendop_params", ""),
            new XElement("blendop_version", BlendopVersion),
            new XElement("multi_priority", item.MultiPriority),
            new XElement("multi_name", item.MultiName))));
        var doc = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement("darktable_style", new XAttribute("version", "1.0"),
                new XElement("info", new XElement("name", Name), new XElement("description", Description)),
                style));
        return doc.Declaration + "\n" + doc.Root + "\n";
    }

    /// <summary>Reads a .dtstyle (ours or darktable's); throws FormatException when it is not one.</summary>
    public static DtStyle Parse(string xml)
    {
        var root = XDocument.Parse(xml).Root;
        if (root?.Name != "darktable_style") throw new FormatException("the root element is not <darktable_style>");
        var name = root.Element("info")?.Element("name")?.Value ?? throw new FormatException("<info><name> is missing");
        var description = root.Element("info")?.Element("description")?.Value ?? "";
        var items = (root.Element("style")?.Elements("plugin") ?? []).Select(p => new DtStyleItem(
            Required(p, "operation"),
            int.Parse(Required(p, "module")),
            DarktableParamsEncoding.Decode(Required(p, "op_params")),
            Required(p, "enabled") == "1",
            int.Parse(p.Element("multi_priority")?.Value ?? "0"),
            p.Element("multi_name")?.Value ?? "")).ToList();
        return new DtStyle(name, description, items);
    }

    private static string Required(XElement plugin, string name) =>
        plugin.Element(name)?.Value ?? throw new FormatException($"<plugin> lacks <{name}>");
}
