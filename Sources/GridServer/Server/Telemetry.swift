import CoreMetrics
import Metrics
import Prometheus

/// The process's Prometheus registry, bootstrapped into swift-metrics once: Hummingbird's
/// request counters and latency histograms and GridAtlas's own figures all land here, and
/// `GET /metrics` prints it in the text exposition format.
public enum Telemetry {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Lookups take tens of microseconds and geometry questions up to seconds: buckets span both.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Points resolved, by route kind (single, batch, mapit).
    static let singleLookups = Counter(label: "gridatlas_lookups_total", dimensions: [("kind", "single")])
    static let batchLookups = Counter(label: "gridatlas_lookups_total", dimensions: [("kind", "batch")])
    static let mapitLookups = Counter(label: "gridatlas_lookups_total", dimensions: [("kind", "mapit")])
    static let reportsFiled = Counter(label: "gridatlas_reports_filed_total")
    static let caseMoves = Counter(label: "gridatlas_case_moves_total")
    /// Id of the generation in force when last asked (changes when a scheduled one takes effect).
    static let generationInForce = Gauge(label: "gridatlas_generation_in_force_id")

    static func start() { _ = registry }
}
