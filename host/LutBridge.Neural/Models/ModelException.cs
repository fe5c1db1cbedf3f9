using LutBridge.Core;

namespace LutBridge.Neural.Models;

/// <summary>A model file, manifest or store that cannot be used; the message says why in one line.</summary>
public sealed class ModelException : InputException
{
    public ModelException(string message) : base(message) { }
    public ModelException(string message, Exception inner) : base(message, inner) { }
}
