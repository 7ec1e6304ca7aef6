import GridDomain

extension Atlas {
    /// The generation's ``GenerationView``, built on first use and kept like its Locator: for good
    /// once published, and for a draft while the store shows no unit added to it.
    public func view(for generation: Generation) throws -> GenerationView {
        if generation.state == .published {
            if let built = views.published(generation.id) { return built }
            return views.keep(try build(generation), published: generation.id)
        }
        // The fingerprint is read before the units: a unit added in between makes the next call
        // see a new fingerprint and rebuild, never keep a stale view.
        let fingerprint = try store.fingerprint(ofGeneration: generation.id)
        if let built = views.draft(generation.id, fingerprint: fingerprint) { return built }
        let view = try build(generation)
        views.keep(view, draft: generation.id, fingerprint: fingerprint)
        return view
    }

    private func build(_ generation: Generation) throws -> GenerationView {
        GenerationView(generation: generation, units: try store.units(inGeneration: generation.id),
                       locator: try locator(for: generation), storedAreas: try store.unitAreas(inGeneration: generation.id))
    }
}
