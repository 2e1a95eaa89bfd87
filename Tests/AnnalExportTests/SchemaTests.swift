import AnnalAnalysis
import AnnalExport
import AnnalJSON
import AnnalTestSupport
import Foundation
import Testing

/// `schema/annal-export.schema.json` against the export, without Python:
/// a validator for the keywords the schema uses, run on exports of the
/// small dataset and of a dataset with errors; and the schema's
/// enumerations against the language's. (`Tests/export/run` validates the
/// samples' export with check-jsonschema too.)
@Suite struct SchemaTests {
    static let schema: JSONValue = {
        let url = Fixtures.repositoryRoot.appendingPathComponent("schema/annal-export.schema.json")
        return (try? JSONParser.parse(Fixtures.bytes(url))) ?? .null
    }()

    @Test func smallDatasetExportIsValid() throws {
        let export = try JSONParser.parse(DatasetExport.json(DatasetBuilder.build(SmallWorkspace.workspace())))
        let problems = SchemaValidator(root: Self.schema).validate(export)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    @Test func exportWithErrorsIsValid() throws {
        var workspace = Workspace()
        workspace.setFile("x.annal", text: """
        source s {
          kind = nonsense
        }

        relation r {
          parties = [NATO, Nobody]

          event 2003-4 {
            kind = happening
            cite s ""
          }
        }
        """)
        let export = try JSONParser.parse(DatasetExport.json(DatasetBuilder.build(workspace)))
        let problems = SchemaValidator(root: Self.schema).validate(export)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    @Test func validatorRejectsWhatTheSchemaForbids() throws {
        let export = try JSONParser.parse(DatasetExport.json(DatasetBuilder.build(SmallWorkspace.workspace())))
        guard case .object(var members) = export else { Issue.record("not an object"); return }
        members.append(("extra", 1))
        #expect(!SchemaValidator(root: Self.schema).validate(.object(members)).isEmpty)
        members.removeLast()
        let index = members.firstIndex { $0.0 == "version" }!
        members[index].1 = 2
        #expect(!SchemaValidator(root: Self.schema).validate(.object(members)).isEmpty)
    }

    @Test func enumerationsMatchTheLanguage() {
        func enumeration(_ def: String, _ property: String) -> [String] {
            (Self.schema["$defs"]?[def]?["properties"]?[property]?["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        #expect(enumeration("event", "kind") == BlockSchema.eventKinds)
        #expect(enumeration("programme", "kind") == BlockSchema.programmeKinds)
        #expect(enumeration("party", "kind") == BlockSchema.partyKinds)
        #expect(enumeration("source", "kind") == BlockSchema.sourceKinds)
        #expect(Set(enumeration("dateEnd", "precision")) == Set(EDTFPrecision.allCases.map(\.rawValue)))
        #expect(Set(enumeration("dateEnd", "qualifier")) == Set(EDTFQualifier.allCases.map(ExportedDate.word)))
        #expect(enumeration("citation", "status") == QuoteLocation.statuses)
    }
}

/// A JSON Schema (2020-12) validator for the keywords the export schema
/// uses: type, const, enum, properties, required, additionalProperties,
/// items, $ref (local), anyOf, if/then/else, minimum, minLength, pattern.
struct SchemaValidator {
    let root: JSONValue

    func validate(_ value: JSONValue) -> [String] {
        var problems: [String] = []
        check(value, root, "$", &problems)
        return problems
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, _ path: String, _ problems: inout [String]) {
        if let ref = schema["$ref"]?.stringValue {
            let name = String(ref.dropFirst("#/$defs/".count))
            guard let target = root["$defs"]?[name] else { problems.append("\(path): unknown $ref \(ref)"); return }
            check(value, target, path, &problems)
        }
        if let type = schema["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !allowed.contains(where: { Self.has(value, type: $0) }) { problems.append("\(path): not \(allowed)") }
        }
        if let constant = schema["const"], constant != value { problems.append("\(path): not \(constant)") }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) { problems.append("\(path): \(value) not in enum") }
        if let anyOf = schema["anyOf"]?.arrayValue {
            let passes = anyOf.contains { option in
                var inner: [String] = []
                check(value, option, path, &inner)
                return inner.isEmpty
            }
            if !passes { problems.append("\(path): matches no anyOf option") }
        }
        if let condition = schema["if"] {
            var inner: [String] = []
            check(value, condition, path, &inner)
            if let branch = inner.isEmpty ? schema["then"] : schema["else"] { check(value, branch, path, &problems) }
        }
        if case .int(let number) = value, let minimum = schema["minimum"]?.intValue, number < minimum {
            problems.append("\(path): \(number) < \(minimum)")
        }
        if case .string(let text) = value {
            if let minimum = schema["minLength"]?.intValue, text.count < minimum { problems.append("\(path): too short") }
            if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): \(text) does not match \(pattern)")
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { check(item, itemSchema, "\(path)[\(i)]", &problems) }
        }
        if case .object(let members) = value {
            let properties = schema["properties"]?.objectValue ?? []
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !members.contains(where: { $0.0 == required }) {
                problems.append("\(path): missing \(required)")
            }
            for (key, member) in members {
                if let property = properties.first(where: { $0.0 == key }) {
                    check(member, property.1, "\(path).\(key)", &problems)
                } else if let additional = schema["additionalProperties"] {
                    if additional == false { problems.append("\(path): unexpected \(key)") } else if additional != true {
                        check(member, additional, "\(path).\(key)", &problems)
                    }
                }
            }
        }
    }

    private static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .int), ("number", .double): true
        default: false
        }
    }
}
