import DLScript
import Testing

/// What the REPL and the kernel ask while code is being typed.
@Suite("Language service")
struct LanguageServiceTests {
    let session = Session()

    @Test("an open block, bracket or string is incomplete; a stray brace is invalid")
    func completeness() {
        #expect(session.isComplete("model m {") == .incomplete(indent: "  "))
        #expect(session.isComplete("model m {\n  dense 4 relu") == .incomplete(indent: "  "))
        #expect(session.isComplete("model m { dense 4 relu }") == .complete)
        #expect(session.isComplete("model m { dense 4 relu }}") == .invalid)
        #expect(session.isComplete("print \"abc") == .incomplete(indent: ""))
        #expect(session.isComplete("let a = [1,") == .incomplete(indent: ""))
        #expect(session.isComplete("train m on d epochs 3 \\") == .incomplete(indent: ""))
        #expect(session.isComplete("let = 3") == .invalid)
        #expect(session.isComplete("") == .complete)
    }

    @Test("completion follows where the word stands")
    func completion() {
        _ = session.run("data toy = moons 32\nmodel tiny { input 2; dense 2 softmax }\nlet rate = 0.1") { _ in }
        func matches(_ code: String) -> [String] { session.complete(code, cursor: code.unicodeScalars.count).matches }
        #expect(matches("model m { dense 4 sig") == ["sigmoid"])
        #expect(matches("model m {\n  ls") == ["lstm"])
        #expect(matches("tr") == ["trace", "train"])
        #expect(matches("train ") == ["tiny"])
        #expect(matches("train tiny on ") == ["toy"])
        #expect(matches("train tiny on toy optimizer ada") == ["adagrad", "adam", "adamw"])
        #expect(matches("train tiny on toy ep") == ["epochs"])
        #expect(matches("train tiny on toy lr ") == ["rate"])
        #expect(matches("plot tiny.val") == ["val_accuracy", "val_loss"])
        #expect(matches("evaluate tiny on toy.") == ["test", "train", "validation"])
        #expect(matches("data x = sp") == ["spirals"])
        #expect(matches("data x = spirals 40 no") == ["noise"], "a generator's own options")
        #expect(matches("data x = spirals 40 ta") == ["take"], "a view may follow a loader")
        #expect(matches("data x = fashion_mnist take 10 st") == ["standardized"])
        #expect(matches("data x = fashion_mnist take 10 d").isEmpty, "after a view, only views")
        #expect(matches("data x = toy st") == ["standardized"])
        #expect(matches("?so") == ["softmax"])
        #expect(matches("me") == ["mean"], "functions start an expression")
        #expect(matches("print mean(ra") == ["rate"])
        #expect(matches("rate < ro") == ["round"])
        #expect(matches("?ro") == ["round"])
        let code = "print rat"
        #expect(session.complete(code, cursor: 9) == Completion(matches: ["rate"], range: 6..<9))
    }

    @Test("every view that completion offers has help, and inspection shows it")
    func viewHelp() {
        _ = session.run("data toy = moons 32") { _ in }
        let views = session.complete("data x = toy ", cursor: 13).matches
        #expect(views.count == 4, "\(views)")
        for view in views {
            #expect(session.run("help \(view)") { _ in } == .completed, "help \(view)")
        }
        let code = "data x = toy take 3"
        #expect(session.inspect(code, cursor: 15)?.hasPrefix("take (a view of a data set): the first n samples") == true)
    }

    @Test("inspection explains the word under the cursor")
    func inspection() {
        _ = session.run("let rate = 0.1") { _ in }
        #expect(session.inspect("model m { dense 4 relu }", cursor: 12)?.hasPrefix("dense <units>") == true)
        #expect(session.inspect("train m on d optimizer adam", cursor: 25)?.hasPrefix("adam: momentum") == true)
        #expect(session.inspect("print rate", cursor: 8) == "rate = 0.1")
        #expect(session.inspect("print 12", cursor: 7) == nil)
    }
}
