using LutBridge.Core;
using LutBridge.Editors.Darktable;
using LutBridge.Editors.RawTherapee;
using LutBridge.Engines.Distil;

namespace LutBridge.Cli;

/// <summary>
/// An editor's edit file → the renderer distil needs (<see cref="EditRender"/>): the glue between
/// the editors (LutBridge.Editors) and the distil engine, which know nothing of each other.
/// Used by `lutbridge distil --edit` and by the host's look.distil_edit.
/// </summary>
public static class EditSources
{
    public static readonly string[] Editors = ["darktable", "rawtherapee"];

    /// <summary>The editor an edit file belongs to: named, or told by its extension (.dtstyle, .xmp: darktable; .pp3: RawTherapee).</summary>
    public static string EditorOf(string path, string? editor)
    {
        if (editor != null)
            return Editors.Contains(editor) ? editor : throw new InputException($"--editor must be darktable or rawtherapee, got '{editor}'");
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".dtstyle" or ".xmp" => "darktable",
            ".pp3" => "rawtherapee",
            _ => throw new InputException($"{path}: cannot tell the editor from the extension (.dtstyle or .xmp: darktable, .pp3: RawTherapee); name it with --editor"),
        };
    }

    /// <summary>Reads the edit and checks that its editor's command-line tool is installed (each a one-line error naming the file).</summary>
    public static EditRender Open(string path, string? editor)
    {
        switch (EditorOf(path, editor))
        {
            case "darktable":
            {
                var edit = DarktableEdit.Open(path);
                RequireTool(path, DarktableCliRun.Executable, "darktable");
                return new EditRender("darktable", path, edit.LeftOut, edit.Render);
            }
            default:
            {
                var edit = RawTherapeeEdit.Open(path);
                RequireTool(path, RawTherapeeCli.ExecutableName, "rawtherapee");
                return new EditRender("rawtherapee", path, edit.LeftOut, edit.Render);
            }
        }
    }

    private static void RequireTool(string path, string tool, string package)
    {
        if (RawTherapeeCli.FindOnPath(tool) == null)
            throw new InputException($"{path}: {tool} is not installed (it renders the edit; Debian: apt-get install {package})");
    }
}
