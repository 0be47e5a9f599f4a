namespace Vigil.Engine.Events;

public enum AddressOperation
{
    Add,
    Remove,
}
