import GridDomain
import Testing

@Suite struct TextRuleTests {
    @Test func namesAreOneLineOfPlainTextUpToTheLimit() {
        #expect(TextRule.name.problem(with: "花岭社区第一网格") == nil)
        #expect(TextRule.name.problem(with: String(repeating: "长", count: 200)) == nil)
        #expect(TextRule.name.problem(with: String(repeating: "长", count: 201))?.contains("201 characters") == true)
        #expect(TextRule.name.problem(with: String(repeating: "x", count: 1 << 20))?.contains("the limit is 200") == true)
        for bad in ["\u{0}", "a\u{0}b", "a\nb", "tab\there", "\u{7F}", "\u{85}", "\u{1B}[31m"] {
            #expect(TextRule.name.problem(with: bad)?.contains("control character") == true, "\(bad.debugDescription)")
        }
        #expect(TextRule.name.problem(with: "\u{0}") == "holds the control character U+0000; give it on one line of plain text")
    }

    @Test func freeTextTakesLineBreaksAndTabsOnly() {
        let rule = TextRule.freeText(maxCharacters: 10)
        #expect(rule.problem(with: "a\tb\nc\r\n") == nil)
        #expect(rule.problem(with: "a\u{0}b") != nil)
        #expect(rule.problem(with: "a\u{7}") != nil)
        #expect(rule.problem(with: String(repeating: "a", count: 11)) != nil)
    }
}
