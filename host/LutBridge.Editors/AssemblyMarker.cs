namespace LutBridge.Editors;

// Placeholder so the project builds before its first real file lands.
internal static class AssemblyMarker { }
