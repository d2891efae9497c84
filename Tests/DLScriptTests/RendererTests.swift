import DLCore
import DLScript
import Testing

@Suite("Text renderers")
struct RendererTests {
    @Test("the loss table streams a header, rows and a footer")
    func lossTable() {
        var table = LossTable(accuracy: true, validation: true)
        #expect(table.newest == .header)
        let records = [
            EpochRecord(
                epoch: 1, loss: 0.50123, accuracy: 0.8231, validationLoss: 0.41234, validationAccuracy: 0.85119,
                learningRate: 0.001, seconds: 0.642),
            EpochRecord(
                epoch: 2, loss: 0.37109, accuracy: 0.86552, validationLoss: 0.42, validationAccuracy: 0.8623, learningRate: 0.001,
                seconds: 0.618),
        ]
        let outcome = TrainingOutcome(reason: .earlyStopped(bestEpoch: 1), history: records, bestEpoch: 1)
        var streamed = [TextRenderer().render(.lossTable(table))]
        for (index, record) in records.enumerated() {
            table.append(record, isBest: index == 0)
            #expect(table.newest == .row(index))
            streamed.append(TextRenderer().render(.lossTable(table)))
        }
        table.finish(outcome)
        #expect(table.newest == .footer)
        streamed.append(TextRenderer().render(.lossTable(table)))
        #expect(streamed.compactMap { $0 }.joined(separator: "\n") == table.text, "the parts streamed make the whole")
        #expect(
            table.text == """
                  epoch     loss  accuracy  val_loss  val_accuracy       lr  seconds
                      1   0.5012    0.8231    0.4123        0.8512   0.0010     0.64 *
                      2   0.3711    0.8655    0.4200        0.8623   0.0010     0.62
                * best epoch: 1 (lowest val_loss)
                stopped early after epoch 2: no better val_loss for a while; restored the weights of epoch 1
                """)
    }

    @Test("a bounded loss table keeps the first rows, the latest best and the last, and marks each gap")
    func boundedLossTable() {
        var table = LossTable(accuracy: false, validation: false, seconds: false)
        for epoch in 1...100 {
            table.append(EpochRecord(epoch: epoch, loss: 1 / Float(epoch), learningRate: 0.01, seconds: 0), isBest: epoch <= 50)
        }
        let bounded = table.bounded(rowsAtMost: 30)
        #expect(bounded.rows.map(\.record.epoch) == [1, 2, 3, 50] + Array(75...100))
        #expect(table.rows.count == 100, "the table itself keeps every row")
        let lines = bounded.text.split(separator: "\n").map(String.init)
        #expect(lines[4] == "  … 46 epochs not shown (table <model> lists them all)")
        #expect(lines[6] == "  … 24 epochs not shown (table <model> lists them all)")
        #expect(lines.count == 1 + 30 + 2)
        #expect(table.bounded(rowsAtMost: 100).rows.count == 100, "a table within the bound is whole")
    }

    @Test("footers say how training ended")
    func footers() {
        let table = LossTable(accuracy: false, validation: false)
        #expect(table.columns == ["epoch", "loss", "lr", "seconds"])
        func footer(_ reason: StopReason) -> [String] {
            table.footer(TrainingOutcome(reason: reason, history: [], bestEpoch: nil))
        }
        #expect(footer(.cancelled(epoch: 3, batch: 17)) == ["interrupted in epoch 3; the model keeps the weights after batch 17"])
        #expect(footer(.diverged(epoch: 1, batch: 2, message: "the loss became NaN")) == ["diverged: the loss became NaN"])
        #expect(footer(.completed) == ["finished: 0 epochs"])
    }

    @Test("numbers keep four significant digits")
    func numbers() {
        #expect(NumberText.significant(0.000123456) == "0.0001235")
        #expect(NumberText.significant(0.0000123456) == "1.235e-05")
        #expect(NumberText.significant(2.5) == "2.500")
        #expect(NumberText.significant(1234.6) == "1235")
        #expect(NumberText.significant(.nan) == "nan")
    }

    @Test("a plot has ticks, one mark per series and a legend, in ASCII too")
    func plot() {
        let plot = LinePlot(
            title: "loss",
            series: [
                .init(name: "loss", values: [1.0, 0.5, 0.25]),
                .init(name: "val_loss", values: [1.0, 0.75, 0.5]),
            ])
        // Every other row is labelled; where series meet, '&' says so rather than one hiding the other.
        #expect(
            plot.render(width: 40, height: 5, ascii: true) == """
                loss
                 1.00 |&
                      |                o
                 0.62 |
                      |                *               o
                 0.25 |                                *
                      +---------------------------------
                       1                               3  epoch
                       * loss   o val_loss   & more than one
                """)
        #expect(LinePlot(title: "empty", series: []).render() == "empty: nothing to plot yet")
    }
}
