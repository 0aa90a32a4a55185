package io.molt.agent.libvirt;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads what the inventory needs from a libvirt domain XML. */
public final class DomainXml {

    public static final String NOVA_NAMESPACE = "http://openstack.org/xmlns/libvirt/nova/1.1";

    private final Document doc;

    private DomainXml(Document doc) {
        this.doc = doc;
    }

    public static DomainXml parse(String xml) {
        return new DomainXml(document(xml));
    }

    static Document document(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | org.xml.sax.SAXException | java.io.IOException e) {
            throw new DomainsException("unreadable domain XML: " + e.getMessage(), e);
        }
    }

    public UUID uuid() {
        return UUID.fromString(text("uuid").orElseThrow(() -> new DomainsException("domain XML without <uuid>")));
    }

    public String name() {
        return text("name").orElseThrow(() -> new DomainsException("domain XML without <name>"));
    }

    /** The configured memory in MiB. */
    public long memoryMib() {
        Element memory = first(doc.getDocumentElement(), "memory");
        if (memory == null) {
            return 0;
        }
        long value = Long.parseLong(memory.getTextContent().trim());
        String unit = memory.getAttribute("unit");
        return switch (unit.isEmpty() ? "KiB" : unit) {
            case "b", "bytes" -> value >> 20;
            case "KiB", "k", "K" -> value >> 10;
            case "MiB", "M" -> value;
            case "GiB", "G" -> value << 10;
            default -> throw new DomainsException("unknown memory unit " + unit);
        };
    }

    public MemoryBacking memoryBacking() {
        Element backing = first(doc.getDocumentElement(), "memoryBacking");
        boolean fileBacked = false;
        boolean shared = false;
        boolean discard = false;
        boolean immediate = false;
        if (backing != null) {
            Element source = first(backing, "source");
            fileBacked = source != null && "file".equals(source.getAttribute("type"));
            Element access = first(backing, "access");
            shared = access != null && "shared".equals(access.getAttribute("mode"));
            discard = first(backing, "discard") != null;
            Element allocation = first(backing, "allocation");
            immediate = allocation != null && "immediate".equals(allocation.getAttribute("mode"));
        }
        NodeList cells = doc.getElementsByTagName("cell");
        for (int i = 0; i < cells.getLength(); i++) {
            Element cell = (Element) cells.item(i);
            if ("shared".equals(cell.getAttribute("memAccess"))) {
                shared = true;
            }
            if ("yes".equals(cell.getAttribute("discard"))) {
                discard = true;
            }
        }
        return new MemoryBacking(fileBacked, shared, discard, immediate);
    }

    /** The domain UUID if Nova's {@code <nova:instance>} metadata marks the domain as an instance. */
    public Optional<UUID> novaInstanceUuid() {
        NodeList instances = doc.getElementsByTagNameNS(NOVA_NAMESPACE, "instance");
        return instances.getLength() > 0 ? Optional.of(uuid()) : Optional.empty();
    }

    private Optional<String> text(String tag) {
        Element element = first(doc.getDocumentElement(), tag);
        return element == null ? Optional.empty() : Optional.of(element.getTextContent().trim());
    }

    static Element first(Element parent, String tag) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && tag.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }
}
