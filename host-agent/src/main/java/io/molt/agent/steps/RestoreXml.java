package io.molt.agent.steps;

import io.molt.agent.libvirt.DomainsException;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The domain XML a memory-preserving restore starts the new QEMU with: the saved definition, minus
 * what would erase or re-touch the kept RAM, plus the extra monitor that sets x-ignore-shared.
 * <ul>
 * <li>no {@code <discard/>} (nor NUMA {@code discard='yes'}): a new QEMU that fails would erase the
 *     kept file on exit, and the hard link shares the erased pages;</li>
 * <li>no {@code <allocation mode='immediate'/>}: the pages exist already; touching every one of them
 *     again costs time proportional to RAM;</li>
 * <li>a {@code -chardev socket,...,server=on,wait=on} monitor through {@code <qemu:commandline>}.</li>
 * </ul>
 */
final class RestoreXml {

    static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";
    static final String MONITOR_ID = "molt-qmp";

    private RestoreXml() {
    }

    static String forRestore(String savedXml, Path monitorSocket) {
        Document doc = parse(savedXml);
        Element domain = doc.getDocumentElement();
        Element backing = child(domain, "memoryBacking");
        if (backing != null) {
            removeChildren(backing, "discard");
            removeChildren(backing, "allocation");
        }
        NodeList cells = doc.getElementsByTagName("cell");
        for (int i = 0; i < cells.getLength(); i++) {
            ((Element) cells.item(i)).removeAttribute("discard");
        }
        Element commandline = null;
        for (Node n = domain.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && QEMU_NS.equals(e.getNamespaceURI()) && "commandline".equals(e.getLocalName())) {
                commandline = e;
            }
        }
        if (commandline == null) {
            commandline = doc.createElementNS(QEMU_NS, "qemu:commandline");
            domain.appendChild(commandline);
        }
        dropOwnMonitor(commandline);
        for (String value : List.of("-chardev",
                "socket,id=" + MONITOR_ID + ",path=" + monitorSocket + ",server=on,wait=on",
                "-mon", "chardev=" + MONITOR_ID + ",mode=control")) {
            Element arg = doc.createElementNS(QEMU_NS, "qemu:arg");
            arg.setAttribute("value", value);
            commandline.appendChild(arg);
        }
        return write(doc);
    }

    /** Whether a domain XML carries the extra monitor (its next start from a save image waits for it). */
    static boolean hasOwnMonitor(String xml) {
        return xml.contains("id=" + MONITOR_ID + ",");
    }

    private static void dropOwnMonitor(Element commandline) {
        List<Element> args = new ArrayList<>();
        for (Node n = commandline.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "arg".equals(e.getLocalName())) {
                args.add(e);
            }
        }
        for (int i = 0; i + 1 < args.size(); i++) {
            String flag = args.get(i).getAttribute("value");
            String value = args.get(i + 1).getAttribute("value");
            if (("-chardev".equals(flag) && value.startsWith("socket,id=" + MONITOR_ID + ","))
                    || ("-mon".equals(flag) && value.startsWith("chardev=" + MONITOR_ID + ","))) {
                commandline.removeChild(args.get(i));
                commandline.removeChild(args.get(i + 1));
                i++;
            }
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static void removeChildren(Element parent, String name) {
        for (Element e; (e = child(parent, name)) != null; ) {
            parent.removeChild(e);
        }
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new DomainsException("unreadable domain XML: " + e.getMessage(), e);
        }
    }

    private static String write(Document doc) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new DomainsException("cannot write domain XML: " + e.getMessage(), e);
        }
    }
}
