using System.Xml;
using System.Xml.Linq;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Core.Imaging;

namespace LutBridge.Editors.Darktable;

/// <summary>
/// A user's darktable edit, a style (.dtstyle) or an image's sidecar (.xmp, its history up to
/// history_end), as a style darktable-cli can apply to other images: distil renders a colour chart
/// and photos through it. Modules that move pixels (crop, rotation, lens and perspective correction,
/// retouching) and the camera stage of a raw's history (raw preparation, demosaic, white balance
/// multipliers, input profile) are left out: they are not a colour mapping, and on an sRGB image
/// they would move the chart's patches or apply one camera's raw factors to it.
/// </summary>
public sealed class DarktableEdit
{
    public static readonly IReadOnlySet<string> Geometry = new HashSet<string>(StringComparer.Ordinal)
    {
        "crop", "clipping", "ashift", "flip", "lens", "liquify", "rotatepixels", "scalepixels",
        "borders", "finalscale", "retouch", "spots", "mask_manager",
    };

    public static readonly IReadOnlySet<string> CameraStage = new HashSet<string>(StringComparer.Ordinal)
    {
        "rawprepare", "demosaic", "rawdenoise", "hotpixels", "cacorrect", "temperature", "highlights", "colorin", "rawoverexposed",
    };

    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Dt = "http://darktable.sf.net/";

    public string Path { get; }

    /// <summary>The modules applied, in history order.</summary>
    public IReadOnlyList<string> Modules { get; }

    /// <summary>The modules left out, each with why.</summary>
    public IReadOnlyList<string> LeftOut { get; }

    private readonly IReadOnlyList<XElement> _plugins;

    private DarktableEdit(string path, IReadOnlyList<XElement> plugins, IReadOnlyList<string> leftOut)
    {
        Path = path;
        _plugins = plugins;
        Modules = plugins.Select(p => p.Element("operation")!.Value).ToList();
        LeftOut = leftOut;
    }

    /// <summary>Reads a .dtstyle or .xmp; a file that is neither says so in one line naming it.</summary>
    public static DarktableEdit Open(string path)
    {
        InputFile.Require(path, "darktable style or sidecar");
        XDocument doc;
        try
        {
            doc = XDocument.Parse(File.ReadAllText(path));
        }
        catch (XmlException e)
        {
            throw new InputException($"{path}: not a darktable style or XMP sidecar (not XML: {e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read ({e.Message})", e);
        }
        var plugins = doc.Root?.Name == "darktable_style" ? StylePlugins(doc, path)
            : doc.Descendants(Dt + "history").Any() ? SidecarPlugins(doc, path)
            : throw new InputException($"{path}: not a darktable style (<darktable_style>) or XMP sidecar (darktable:history)");
        if (plugins.Count == 0) throw new InputException($"{path}: the edit holds no modules: nothing to distil");
        var leftOut = new List<string>();
        var kept = new List<XElement>();
        foreach (var p in plugins)
        {
            var op = p.Element("operation")!.Value;
            if (Geometry.Contains(op)) leftOut.Add($"{op} (moves pixels)");
            else if (CameraStage.Contains(op)) leftOut.Add($"{op} (camera raw stage)");
            else kept.Add(p);
        }
        if (kept.Count == 0)
            throw new InputException($"{path}: the edit holds only modules that are not a colour mapping ({string.Join(", ", leftOut)}): nothing to distil");
        return new DarktableEdit(path, kept, leftOut);
    }

    private static List<XElement> StylePlugins(XDocument doc, string path)
    {
        try
        {
            DtStyle.Parse(doc.ToString()); // every plugin has what darktable needs, and its params decode
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new InputException($"{path}: not a valid darktable style ({e.Message})", e);
        }
        return doc.Root!.Element("style")?.Elements("plugin").Select(p => new XElement(p)).ToList() ?? [];
    }

    /// <summary>The sidecar's history up to history_end, the last entry of each module instance (what darktable shows).</summary>
    private static List<XElement> SidecarPlugins(XDocument doc, string path)
    {
        var description = doc.Descendants(Dt + "history").First().Parent!;
        var items = doc.Descendants(Dt + "history").First().Descendants(Rdf + "li").ToList();
        int end = items.Count;
        var endText = Field(description, "history_end");
        if (endText != null && (!int.TryParse(endText, out end) || end < 0))
            throw new InputException($"{path}: darktable:history_end is '{endText}', not a count");
        var latest = new Dictionary<(string, string), XElement>();
        var order = new List<(string, string)>();
        foreach (var li in items.Take(end))
        {
            string Need(string name) => Field(li, name) ?? throw new InputException($"{path}: a darktable:history entry lacks darktable:{name}");
            var op = Need("operation");
            var modversion = Need("modversion");
            var parameters = Need("params");
            try
            {
                DarktableParamsEncoding.Decode(parameters);
            }
            catch (Exception e) when (e is FormatException or InvalidDataException)
            {
                throw new InputException($"{path}: the params of {op} do not decode ({e.Message})", e);
            }
            if (!int.TryParse(modversion, out _)) throw new InputException($"{path}: {op} has modversion '{modversion}', not a number");
            var priority = Field(li, "multi_priority") ?? "0";
            var plugin = new XElement("plugin",
                new XElement("num", 0),
                new XElement("module", modversion),
                new XElement("operation", op),
                new XElement("op_params", parameters),
                new XElement("enabled", Field(li, "enabled") ?? "1"),
                new XElement("blendop_params", Field(li, "blendop_params") ?? ""),
                new XElement("blendop_version", Field(li, "blendop_version") ?? DtStyle.BlendopVersion.ToString()),
                new XElement("multi_priority", priority),
                new XElement("multi_name", Field(li, "multi_name") ?? ""));
            var key = (op, priority);
            if (!latest.ContainsKey(key)) order.Add(key);
            latest[key] = plugin;
        }
        return order.Select(k => latest[k]).ToList();
    }

    /// <summary>An XMP field written as an attribute (darktable 3+) or as a child element (older sidecars).</summary>
    private static string? Field(XElement e, string name) => e.Attribute(Dt + name)?.Value ?? e.Element(Dt + name)?.Value;

    /// <summary>The kept modules as a .dtstyle named <paramref name="name"/>.</summary>
    public string StyleXml(string name)
    {
        var style = new XElement("style", _plugins.Select((p, i) =>
        {
            var copy = new XElement(p);
            copy.SetElementValue("num", i);
            return copy;
        }));
        var doc = new XElement("darktable_style", new XAttribute("version", "1.0"),
            new XElement("info", new XElement("name", name), new XElement("description", $"LutBridge: {System.IO.Path.GetFileName(Path)}")),
            style);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doc + "\n";
    }

    /// <summary>
    /// Renders <paramref name="images"/> through darktable-cli with the edit applied (one darktable
    /// start for all, 16-bit PNG out). A lut3d module's LUT is looked up in the edit file's folder.
    /// </summary>
    public IReadOnlyList<RgbImage> Render(IReadOnlyList<RgbImage> images, CancellationToken cancel)
    {
        var work = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lutbridge-dtedit-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var name = $"lutbridge-edit-{System.IO.Path.GetFileName(work)[^8..]}";
            var stylePath = System.IO.Path.Combine(work, "edit.dtstyle");
            Directory.CreateDirectory(work);
            File.WriteAllText(stylePath, StyleXml(name));
            var run = new DarktableCliRun(System.IO.Path.Combine(work, "in"), System.IO.Path.Combine(work, "out"), "png",
                System.IO.Path.Combine(work, "config"), System.IO.Path.Combine(work, "cache"),
                System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!, stylePath, name)
            {
                Conf = ["plugins/imageio/format/png/bpp=16"],
            };
            Directory.CreateDirectory(run.InputDir);
            Directory.CreateDirectory(run.OutputDir);
            for (int i = 0; i < images.Count; i++)
                ImageFile.Write(System.IO.Path.Combine(run.InputDir, $"image{i}.png"), images[i]);
            run.Run(_ => { }, cancel);
            return Enumerable.Range(0, images.Count).Select(i =>
            {
                var output = System.IO.Path.Combine(run.OutputDir, $"image{i}.png");
                if (!File.Exists(output)) throw new InputException($"{Path}: darktable-cli exported nothing for the edit");
                return ImageFile.Read(output);
            }).ToList();
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
