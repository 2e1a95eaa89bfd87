import AnnalAnalysis

/// Maps days to horizontal positions: from 1 January of the first year to
/// 1 January after the last year, linearly over `x0...x1`.
struct TimeScale: Sendable {
    let firstYear: Int
    /// The last year shown (inclusive).
    let lastYear: Int
    let x0: Double
    let x1: Double
    private let startDay: Int
    private let endDay: Int

    /// A scale covering every day in `days` (2000 when there is none).
    init(days: [DayStamp], x0: Double, x1: Double) {
        let first = days.min()?.year ?? 2000
        let last = days.max()?.year ?? first
        firstYear = first
        lastYear = max(last, first)
        self.x0 = x0
        self.x1 = x1
        startDay = DayStamp(year: firstYear, month: 1, day: 1).dayNumber
        endDay = DayStamp(year: lastYear + 1, month: 1, day: 1).dayNumber
    }

    /// The position of the start of a day.
    func x(_ day: DayStamp) -> Double { x(dayNumber: day.dayNumber) }

    /// The position just after the end of a day.
    func xAfter(_ day: DayStamp) -> Double { x(dayNumber: day.dayNumber + 1) }

    /// The position of the middle of a day.
    func xMiddle(_ day: DayStamp) -> Double { x(dayNumber: day.dayNumber) + pixelsPerDay / 2 }

    func x(year: Int) -> Double { x(dayNumber: DayStamp(year: year, month: 1, day: 1).dayNumber) }

    var pixelsPerDay: Double { (x1 - x0) / Double(max(endDay - startDay, 1)) }
    var pixelsPerYear: Double { (x1 - x0) / Double(lastYear - firstYear + 1) }

    private func x(dayNumber: Int) -> Double {
        x0 + Double(dayNumber - startDay) * pixelsPerDay
    }

    /// The years that get a labelled tick: every 1, 2, 5, 10, 20, 50… years,
    /// the smallest step leaving `minimumGap` pixels between labels.
    func labelledYears(minimumGap: Double) -> [Int] {
        var step = 1
        let steps = [1, 2, 5]
        var factor = 1
        search: while true {
            for base in steps {
                step = base * factor
                if Double(step) * pixelsPerYear >= minimumGap { break search }
            }
            factor *= 10
            if factor > 1_000_000_000 { break }
        }
        let first = Int((Double(firstYear) / Double(step)).rounded(.up)) * step
        return Array(stride(from: first, through: lastYear + 1, by: step))
    }
}
