"""The application packet: engine result → Word forms, an Excel calculation sheet, a checklist, a manifest."""

from desktop.packet.writer import Packet, packet_folder_name, render_files, write_packet

__all__ = ["Packet", "packet_folder_name", "render_files", "write_packet"]
