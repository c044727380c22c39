package org.regiontag.engine.clip.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.clip.openai.RestrictedUnpickler.Global;
import org.regiontag.engine.clip.openai.RestrictedUnpickler.PyObject;
import org.regiontag.engine.clip.openai.RestrictedUnpickler.TensorRef;

class RestrictedUnpicklerTest {

    @Test
    void callsAreRecordedNotRun() throws Exception {
        // pickle.dumps of a REDUCE of os.system("touch /tmp/pwned"), protocol 2.
        Pickle pickle = new Pickle().proto().global("os", "system").unicode("touch /tmp/pwned").op(0x85).op('R')
                .op('.');

        Object value = RestrictedUnpickler.load(pickle.bytes());

        assertThat(value).isInstanceOf(PyObject.class);
        assertThat(((PyObject) value).type()).isEqualTo(new Global("os", "system"));
        assertThat(((PyObject) value).arguments()).containsExactly("touch /tmp/pwned");
    }

    @Test
    void tensorRebuildBecomesAReference() throws Exception {
        // _rebuild_tensor_v2(('storage', torch.HalfStorage, '7', 'cuda:0', 12), 2, (2, 5), (6, 1), False, OrderedDict())
        Pickle pickle = new Pickle().proto().global("torch._utils", "_rebuild_tensor_v2").op('(')
                .op('(').unicode("storage").global("torch", "HalfStorage").unicode("7").unicode("cuda:0").int1(12)
                .op('t').op('Q')
                .int1(2).op('(').int1(2).int1(5).op('t').op('(').int1(6).int1(1).op('t').op(0x89)
                .global("collections", "OrderedDict").op(')').op('R').op('t').op('R').op('.');

        TensorRef tensor = (TensorRef) RestrictedUnpickler.load(pickle.bytes());

        assertThat(tensor.storage().key()).isEqualTo("7");
        assertThat(tensor.storage().storageType().name()).isEqualTo("HalfStorage");
        assertThat(tensor.storage().location()).isEqualTo("cuda:0");
        assertThat(tensor.storage().elements()).isEqualTo(12);
        assertThat(tensor.offset()).isEqualTo(2);
        assertThat(tensor.shape()).containsExactly(2, 5);
        assertThat(tensor.stride()).containsExactly(6, 1);
    }

    @Test
    void moduleStateIsAnOrderedDict() throws Exception {
        Pickle pickle = new Pickle().proto().global("__torch__", "M").op(')').op(0x81).op('}').op('(')
                .unicode("training").op(0x89).unicode("name").unicode("x").op('u').op('b').op('.');

        PyObject module = (PyObject) RestrictedUnpickler.load(pickle.bytes());

        assertThat(module.state()).isEqualTo(Map.of("training", false, "name", "x"));
        assertThat(List.copyOf(((Map<?, ?>) module.state()).keySet())).isEqualTo(List.of("training", "name"));
    }

    @Test
    void listsAndMemoWork() throws Exception {
        Pickle pickle = new Pickle().proto().op(']').op('q').raw(0).op('(').int1(1).int1(2).op('e').op('h').raw(0)
                .op(0x86).op('.');

        Object value = RestrictedUnpickler.load(pickle.bytes());

        assertThat(((RestrictedUnpickler.Tuple) value).items()).containsExactly(List.of(1L, 2L), List.of(1L, 2L));
    }

    @Test
    void unknownOpcodeIsReportedWithItsOffset() {
        byte[] pickle = {(byte) 0x80, 2, (byte) 0x8f, '.'};

        assertThatThrownBy(() -> RestrictedUnpickler.load(pickle))
                .isInstanceOf(RestrictedUnpickler.PickleException.class)
                .hasMessage("unsupported pickle opcode 0x8f at byte 2");
    }

    @Test
    void truncatedDataIsReported() {
        byte[] pickle = {(byte) 0x80, 2, 'X', 100, 0, 0, 0, 'a'};

        assertThatThrownBy(() -> RestrictedUnpickler.load(pickle))
                .isInstanceOf(RestrictedUnpickler.PickleException.class)
                .hasMessageContaining("runs past the end of the pickle");
    }

    /** Writes pickle opcodes by hand. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle proto() {
            return op(0x80).raw(2);
        }

        Pickle op(int opcode) {
            out.write(opcode);
            return this;
        }

        Pickle raw(int value) {
            out.write(value);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle unicode(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            op('X');
            for (int shift = 0; shift < 32; shift += 8) {
                out.write((bytes.length >>> shift) & 0xff);
            }
            out.writeBytes(bytes);
            return this;
        }

        Pickle int1(int value) {
            return op('K').raw(value);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
