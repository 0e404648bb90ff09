namespace ClockBound.Chrony;

/// <summary>A source's selection state, as <c>chronyc sources</c> shows it in its second column.</summary>
public enum SourceState : ushort
{
    /// <summary><c>*</c>: the source the system clock is synchronised to.</summary>
    Selected = 0,

    /// <summary><c>?</c>: not selectable (unreachable, too few samples, or excluded).</summary>
    NonSelectable = 1,

    /// <summary><c>x</c>: judged a falseticker.</summary>
    Falseticker = 2,

    /// <summary><c>~</c>: too variable to use.</summary>
    Jittery = 3,

    /// <summary><c>-</c>: acceptable but not combined.</summary>
    Unselected = 4,

    /// <summary><c>+</c>: combined with the selected source.</summary>
    Selectable = 5,
}
