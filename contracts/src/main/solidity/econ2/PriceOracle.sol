// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {IInfoDesk} from "./Econ2Types.sol";

/// USD prices (8 decimals) stamped by trust validators, keyed by currency (keccak256("PEAQ")).
/// On the devnet the owner may stamp too: that is the "set a price" admin call.
contract PriceOracle is Initializable, OwnableUpgradeable, UUPSUpgradeable {
    struct Stamp {
        uint256 price;
        uint64 timestamp;
    }

    IInfoDesk private _infoDesk;
    mapping(bytes32 => Stamp) private _stamps;

    error InvalidAddress();
    error LengthMismatch();
    error NotTrustValidator();
    error TimestampTooFarInFuture();

    event PriceStamped(bytes32 indexed currency, uint256 price, address indexed validator, uint64 timestamp);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address infoDesk_) external initializer {
        if (infoDesk_ == address(0)) revert InvalidAddress();
        __Ownable_init(msg.sender);
        _infoDesk = IInfoDesk(infoDesk_);
    }

    function infoDesk() external view returns (address) {
        return address(_infoDesk);
    }

    function getLatestPrice(bytes32 currency) external view returns (uint256 price, uint64 timestamp) {
        Stamp storage s = _stamps[currency];
        return (s.price, s.timestamp);
    }

    /// Stamps one price per currency; timestamp 0 means "now".
    function commitPrices(bytes32[] calldata currencies, uint256[] calldata prices, uint64 timestamp) external {
        if (msg.sender != owner() && !_infoDesk.isTrustValidator(msg.sender)) revert NotTrustValidator();
        if (currencies.length != prices.length) revert LengthMismatch();
        uint64 at = timestamp == 0 ? uint64(block.timestamp) : timestamp;
        if (at > block.timestamp) revert TimestampTooFarInFuture();
        for (uint256 i = 0; i < currencies.length; i++) {
            _stamps[currencies[i]] = Stamp(prices[i], at);
            emit PriceStamped(currencies[i], prices[i], msg.sender, at);
        }
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
