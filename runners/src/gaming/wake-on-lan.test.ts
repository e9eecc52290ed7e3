import { describe, expect, it } from 'vitest';
import { macBytes, magicPacket, parseWolTarget } from './wake-on-lan';

describe('magicPacket', () => {
  it('is six 0xFF bytes then the MAC address sixteen times (102 bytes)', () => {
    const packet = magicPacket('00:11:22:AA:bb:FF');
    expect(packet).toHaveLength(102);
    expect([...packet.subarray(0, 6)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    for (let i = 0; i < 16; i++)
      expect([...packet.subarray(6 + i * 6, 12 + i * 6)]).toEqual([0x00, 0x11, 0x22, 0xaa, 0xbb, 0xff]);
  });

  it('accepts dashes as separators and refuses what is not a MAC address', () => {
    expect([...macBytes('01-23-45-67-89-ab')]).toEqual([0x01, 0x23, 0x45, 0x67, 0x89, 0xab]);
    expect(() => magicPacket('01:23:45:67:89')).toThrow(/not a MAC address/);
  });
});

describe('parseWolTarget', () => {
  it('uses port 9 unless the broadcast address names another', () => {
    expect(parseWolTarget('192.168.1.255')).toEqual({ address: '192.168.1.255', port: 9 });
    expect(parseWolTarget('192.168.1.255:7')).toEqual({ address: '192.168.1.255', port: 7 });
    expect(parseWolTarget('[ff02::1]:9')).toEqual({ address: 'ff02::1', port: 9 });
    expect(() => parseWolTarget('10.0.0.255:99999')).toThrow(/not a UDP port/);
  });
});
