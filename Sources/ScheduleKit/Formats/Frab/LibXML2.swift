internal import CLibxml2
import FoundationEssentials
import Glibc

/// libxml2's SAX2 push parser, opened with dlopen the first time an XML file is read. Linked,
/// it loaded with every start of Hallway, and with it the system's ICU, zlib and liblzma: a
/// megabyte of the booth's memory and a fifth of the libraries `hallway --version` loads, for a
/// format most runs never see (the same reasoning as libcurl's, in Sources/CCurl).
/// The signatures are libxml2's own (libxml/parser.h), `int` as Int32.
struct LibXML2 {
    let createPushParser: @convention(c) (UnsafeMutablePointer<xmlSAXHandler>?, UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32,
                                          UnsafePointer<CChar>?) -> xmlParserCtxtPtr?
    let useOptions: @convention(c) (xmlParserCtxtPtr?, Int32) -> Int32
    let parseChunk: @convention(c) (xmlParserCtxtPtr?, UnsafePointer<CChar>?, Int32, Int32) -> Int32
    let stopParser: @convention(c) (xmlParserCtxtPtr?) -> Void
    let freeParser: @convention(c) (xmlParserCtxtPtr?) -> Void

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
                createPushParser: try function("xmlCreatePushParserCtxt"),
                useOptions: try function("xmlCtxtUseOptions"),
                parseChunk: try function("xmlParseChunk"),
                stopParser: try function("xmlStopParser"),
                freeParser: try function("xmlFreeParserCtxt")))
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
