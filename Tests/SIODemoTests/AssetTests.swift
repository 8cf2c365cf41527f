import SIODemoKit
import Testing

@Suite struct DemoAssetTests {
    @Test func thePageIsBundled() throws {
        let page = try #require(DemoAssets.file("index.html"))
        #expect(String(decoding: page, as: UTF8.self).contains("<title>"))
    }
}
