import Foundation

/// The dashboard's chart: hourly counts as groups of bars, one bar per series, drawn as inline SVG on the server (no
/// script, no chart library). Only numbers and the console's own words go into it, escaped all the same.
enum ActivityChart {
    struct Series {
        let name: String
        /// A colour with AA contrast on white.
        let color: String
        /// One count per hour, in the order of the hours.
        let counts: [Int]
    }

    private static let (width, height, left, bottom, top) = (720, 220, 40, 24, 12)

    static func svg(hours: [String], series: [Series], title: String) -> String {
        let most = max(1, series.flatMap(\.counts).max() ?? 1)
        let slot = Double(width - left) / Double(max(hours.count, 1))
        let bar = slot / Double(series.count + 1)
        let plot = Double(height - bottom - top)
        var svg = """
            <svg viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="chart-title" class="chart" id="activity-chart">\
            <title id="chart-title">\(escaped(title))</title>\
            <line x1="\(left)" y1="\(height - bottom)" x2="\(width)" y2="\(height - bottom)" stroke="#5c6670"/>\
            <text x="\(left - 4)" y="\(top + 4)" text-anchor="end" font-size="11">\(most)</text>\
            <text x="\(left - 4)" y="\(height - bottom)" text-anchor="end" font-size="11">0</text>
            """
        for (index, hour) in hours.enumerated() {
            let start = Double(left) + slot * Double(index)
            for (place, line) in series.enumerated() where line.counts.indices.contains(index) {
                let count = line.counts[index]
                let tall = plot * Double(count) / Double(most)
                svg += """
                    <rect x="\(rounded(start + bar * (Double(place) + 0.5)))" y="\(rounded(Double(height - bottom) - tall))" \
                    width="\(rounded(bar))" height="\(rounded(tall))" fill="\(line.color)"><title>\(escaped(line.name)) \(escaped(hour)):00 · \(count)</title></rect>
                    """
            }
            if index % 3 == 0 {
                svg += #"<text x="\#(rounded(start + slot / 2))" y="\#(height - 8)" text-anchor="middle" font-size="11">\#(escaped(String(hour.suffix(2)))):00</text>"#
            }
        }
        return svg + "</svg>"
    }

    private static func rounded(_ value: Double) -> String {
        String((value * 10).rounded() / 10)
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
