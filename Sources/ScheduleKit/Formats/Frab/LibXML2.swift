internal import CLibxml2
import Foundation

/// libxml2's streaming reader, opened with dlopen the first time an XML file is read. Linked,
/// it loaded with every start of Hallway, and with it the system's ICU, zlib and liblzma: a
/// megabyte of the booth's memory and a fifth of the libraries `hallway --version` loads, for a
/// format most runs never see (the same reasoning as libcurl's, in Sources/CCurl).
/// The signatures are libxml2's own (libxml/xmlreader.h, tree.h), `int` as Int32 and `long` as Int.
struct LibXML2 {
    let readerForIO: @convention(c) (xmlInputReadCallback?, xmlInputCloseCallback?, UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32) -> xmlTextReaderPtr?
    let freeTextReader: @convention(c) (xmlTextReaderPtr?) -> Void
    let setStructuredErrorHandler: @convention(c) (xmlTextReaderPtr?, xmlStructuredErrorFunc?, UnsafeMutableRawPointer?) -> Void
    let read: @convention(c) (xmlTextReaderPtr?) -> Int32
    let parserLineNumber: @convention(c) (xmlTextReaderPtr?) -> Int32
    let parserColumnNumber: @convention(c) (xmlTextReaderPtr?) -> Int32
    let nodeType: @convention(c) (xmlTextReaderPtr?) -> Int32
    let constLocalName: @convention(c) (xmlTextReaderPtr?) -> UnsafePointer<xmlChar>?
    let constValue: @convention(c) (xmlTextReaderPtr?) -> UnsafePointer<xmlChar>?
    let moveToNextAttribute: @convention(c) (xmlTextReaderPtr?) -> Int32
    let moveToElement: @convention(c) (xmlTextReaderPtr?) -> Int32
    let isEmptyElement: @convention(c) (xmlTextReaderPtr?) -> Int32
    let currentNode: @convention(c) (xmlTextReaderPtr?) -> xmlNodePtr?
    let lineNumber: @convention(c) (UnsafePointer<xmlNode>?) -> Int

    /// The library, or why it could not be opened.
    static let shared = open(["libxml2.so.2", "libxml2.so"])

    /// The first of `names` that opens (the later ones are fallbacks for other installs).
    static func open(_ names: [String]) -> Result<LibXML2, LoadFailure> {
        guard let library = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(LoadFailure(missing: names[0]))
        }
        // Each symbol is cast to the type of the member it fills (written once, above).
        func function<T>(_ name: String) throws(LoadFailure) -> T {
            guard let symbol = dlsym(library, name) else { throw LoadFailure(missing: name) }
            return unsafeBitCast(symbol, to: T.self)
        }
        do throws(LoadFailure) {
            return .success(LibXML2(
                readerForIO: try function("xmlReaderForIO"),
                freeTextReader: try function("xmlFreeTextReader"),
                setStructuredErrorHandler: try function("xmlTextReaderSetStructuredErrorHandler"),
                read: try function("xmlTextReaderRead"),
                parserLineNumber: try function("xmlTextReaderGetParserLineNumber"),
                parserColumnNumber: try function("xmlTextReaderGetParserColumnNumber"),
                nodeType: try function("xmlTextReaderNodeType"),
                constLocalName: try function("xmlTextReaderConstLocalName"),
                constValue: try function("xmlTextReaderConstValue"),
                moveToNextAttribute: try function("xmlTextReaderMoveToNextAttribute"),
                moveToElement: try function("xmlTextReaderMoveToElement"),
                isEmptyElement: try function("xmlTextReaderIsEmptyElement"),
                currentNode: try function("xmlTextReaderCurrentNode"),
                lineNumber: try function("xmlGetLineNo")))
        } catch {
            return .failure(error)
        }
    }

    struct LoadFailure: Error {
        let missing: String
        var message: String {
            "reading frab XML needs libxml2, and \(missing) could not be loaded (Debian and Ubuntu: apt-get install libxml2)"
        }
    }
}
