import CrisisModel

/// The slides of briefing mode: an overview, then one per active crisis.
public enum BriefingSlides {
    public static func count(_ world: World) -> Int { 1 + world.crisesByUrgency(includeClosed: false).count }
}
