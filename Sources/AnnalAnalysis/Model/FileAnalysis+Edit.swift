import AnnalSyntax

extension FileAnalysis {
    /// The analysis of the text after one edit, equal to analysing the new
    /// text from scratch, but doing only the work the edit calls for.
    ///
    /// The tree is re-parsed from the innermost block around the edit
    /// (`SyntaxTree.reparse(applying:)`). When that block is an event of a
    /// relation, only that event is lowered again: the other declarations,
    /// events, references and diagnostics are reused, those after the event
    /// moved by the change of length, and the event-order hints recomputed.
    /// Anything else lowers the new tree in full.
    public func applying(_ edit: ByteEdit) -> FileAnalysis {
        let reparse = tree.reparse(applying: edit)
        if let block = reparse.block, let updated = relowering(event: block, in: reparse.tree) {
            return updated
        }
        return FileAnalysis(path: path, tree: reparse.tree)
    }

    /// Lowers one re-parsed event again and reuses the rest of the model, or
    /// returns nil when the block is not an event of a relation.
    func relowering(event block: ReparsedBlock, in newTree: SyntaxTree) -> FileAnalysis? {
        guard tree.errors.isEmpty, newTree.errors.isEmpty,
              let oldSyntax = BlockSyntax(SyntaxNode(tree: tree, index: block.nodeIndex)),
              let newSyntax = BlockSyntax(SyntaxNode(tree: newTree, index: block.nodeIndex)),
              oldSyntax.keyword.textEquals("event"), newSyntax.keyword.textEquals("event"),
              let relationIndex = model.declarations.firstIndex(where: {
                  $0.kind == .relation && $0.range.lowerBound < block.oldRange.lowerBound && block.oldRange.upperBound <= $0.range.upperBound
              }),
              let eventIndex = model.declarations[relationIndex].events.firstIndex(where: { $0.range == block.oldRange })
        else { return nil }

        let shift = RangeShift(replaced: block.oldRange, delta: block.byteDelta)

        // What the old event contributed, to take out exactly.
        var oldLowering = Lowering(tree: tree, path: path)
        _ = oldLowering.lowerEvent(oldSyntax)
        var newLowering = Lowering(tree: newTree, path: path)
        let newEvent = newLowering.lowerEvent(newSyntax)
        newLowering.sortReferences()

        let relation = model.declarations[relationIndex]
        var events = Array(relation.events[..<eventIndex])
        events.reserveCapacity(relation.events.count)
        events.append(newEvent)
        events.append(contentsOf: relation.events[(eventIndex + 1)...].shifted(shift))

        var declarations = Array(model.declarations[..<relationIndex])
        declarations.reserveCapacity(model.declarations.count)
        declarations.append(relation.shifted(shift, events: events))
        for declaration in model.declarations[(relationIndex + 1)...] { declarations.append(declaration.shifted(shift)) }

        var references: [Reference] = []
        references.reserveCapacity(model.references.count - oldLowering.references.count + newLowering.references.count)
        var inserted = false
        for reference in model.references {
            if reference.range.upperBound <= block.oldRange.lowerBound {
                references.append(reference)
            } else if reference.range.lowerBound >= block.oldRange.upperBound {
                if !inserted { references += newLowering.references; inserted = true }
                references.append(reference.shifted(shift))
            } // else: the old event's, replaced
        }
        if !inserted { references += newLowering.references }

        // Lowering diagnostics: all but the old event's and the order hints,
        // moved; then the new event's and the order hints of the new list.
        var removable: [Diagnostic: Int] = [:]
        for diagnostic in oldLowering.diagnostics { removable[diagnostic, default: 0] += 1 }
        var diagnostics: [Diagnostic] = []
        diagnostics.reserveCapacity(loweringDiagnostics.count + newLowering.diagnostics.count)
        for diagnostic in loweringDiagnostics where diagnostic.rule != .eventsOutOfOrder {
            if let count = removable[diagnostic], count > 0 {
                removable[diagnostic] = count - 1
                continue
            }
            diagnostics.append(diagnostic.shifted(shift, in: path))
        }
        newLowering.checkEventOrder(events)
        diagnostics += newLowering.diagnostics

        // The events and citations before the event keep their places; the
        // event's own results are worked out again.
        var citationsBefore = relation.events[..<eventIndex].reduce(0) { $0 + $1.citations.count }
        var eventsBefore = eventIndex
        for declaration in model.declarations[..<relationIndex] where declaration.kind == .relation {
            citationsBefore += declaration.events.reduce(0) { $0 + $1.citations.count }
            eventsBefore += declaration.events.count
        }
        let eventDateResults = eventDateResults.carried(replacing: eventsBefore..<(eventsBefore + 1), newCount: 1)
        let oldEvent = relation.events[eventIndex]
        let citationResults = citationResults.carried(replacing: citationsBefore..<(citationsBefore + oldEvent.citations.count),
                                                      newCount: newEvent.citations.count)

        // Typing in an event rarely changes the names it uses: then the
        // file's distinct names are the old ones (declarations' own
        // reference fields are outside events: never changed here).
        let sameNames = oldLowering.references.elementsEqual(newLowering.references) {
            $0.expected == $1.expected && $0.name == $1.name
        }
        let newModel = sameNames ? model.replacing(declarations: declarations, references: references)
            : FileModel(path: path, declarations: declarations, references: references)

        return FileAnalysis(path: path, tree: newTree, model: newModel,
                            loweringDiagnostics: diagnostics, citationResults: citationResults,
                            eventDateResults: eventDateResults, lineIndex: lineIndex.replacing(block.oldRange, in: newTree.bytes))
    }
}
