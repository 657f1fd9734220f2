// The bytes of a one-node ONNX model, Y = A·Bᵀ + C (Gemm, transB = 1), written with a minimal protobuf
// encoder so no .onnx file has to ship. Field numbers are those of onnx/onnx.proto (ModelProto, GraphProto,
// NodeProto, AttributeProto, ValueInfoProto, TypeProto, TensorShapeProto); dimensions are symbolic, so one
// session serves every batch size, input width and latent count.

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const ONNX_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const IR_VERSION = 8;
const OPSET = 13;

type Field = number[];

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, value: number): Field => [...key(field, WIRE_VARINT), ...varint(value)];
const bytes = (field: number, body: number[]): Field => [...key(field, WIRE_BYTES), ...varint(body.length), ...body];
const str = (field: number, s: string): Field => bytes(field, [...new TextEncoder().encode(s)]);
const msg = (field: number, ...parts: Field[]): Field => bytes(field, parts.flat());

/** ValueInfoProto for a float tensor with symbolic dimensions. */
function floatTensor(field: number, name: string, dims: string[]): Field {
  const shape = dims.map((d) => msg(1, str(2, d)));
  return msg(field, str(1, name), msg(2, msg(1, int(1, ONNX_FLOAT), msg(2, ...shape))));
}

/** Gemm(A[rows×inner], B[cols×inner], C[cols]) → Y[rows×cols], i.e. A·Bᵀ + C. */
export function gemmNtModel(): Uint8Array {
  const node = msg(1, str(1, 'A'), str(1, 'B'), str(1, 'C'), str(2, 'Y'), str(3, 'gemm'), str(4, 'Gemm'),
    msg(5, str(1, 'transB'), int(3, 1), int(20, ATTRIBUTE_INT)));
  const graph = msg(7, node, str(2, 'gemm_nt'),
    floatTensor(11, 'A', ['rows', 'inner']), floatTensor(11, 'B', ['cols', 'inner']), floatTensor(11, 'C', ['cols']),
    floatTensor(12, 'Y', ['rows', 'cols']));
  return new Uint8Array([...int(1, IR_VERSION), ...msg(8, str(1, ''), int(2, OPSET)), ...graph]);
}
